using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Batchivo.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BatchivoSchema",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BatchivoSchema", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BrandTares",
                columns: table => new
                {
                    BrandKey = table.Column<string>(type: "TEXT", nullable: false),
                    SpoolTypeKey = table.Column<string>(type: "TEXT", nullable: false),
                    Brand = table.Column<string>(type: "TEXT", nullable: false),
                    SpoolType = table.Column<string>(type: "TEXT", nullable: true),
                    Tare = table.Column<decimal>(type: "TEXT", nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BrandTares", x => new { x.BrandKey, x.SpoolTypeKey });
                });

            migrationBuilder.CreateTable(
                name: "Printers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NameKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Model = table.Column<string>(type: "TEXT", nullable: false),
                    MaterialSlots = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Printers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Products",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sku = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SkuKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    PrintTimePerUnit = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Products", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RunNumbers",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Last = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunNumbers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Runs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    PrinterId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PrinterName = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EstimatedDuration = table.Column<long>(type: "INTEGER", nullable: true),
                    Quality = table.Column<int>(type: "INTEGER", nullable: true),
                    Notes = table.Column<string>(type: "TEXT", nullable: true),
                    OriginalRunId = table.Column<Guid>(type: "TEXT", nullable: true),
                    EstimateSource = table.Column<int>(type: "INTEGER", nullable: false),
                    EstimateSourceName = table.Column<string>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    ActivityAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PrintTicks = table.Column<long>(type: "INTEGER", nullable: true),
                    FailedUnits = table.Column<int>(type: "INTEGER", nullable: false),
                    FiguresExact = table.Column<bool>(type: "INTEGER", nullable: false),
                    HasVariancePercent = table.Column<bool>(type: "INTEGER", nullable: false),
                    EstimatedUnits = table.Column<long>(type: "INTEGER", nullable: false),
                    VarianceUnits = table.Column<long>(type: "INTEGER", nullable: false),
                    VariancePercentUnits = table.Column<long>(type: "INTEGER", nullable: false),
                    ActualRecordedUnits = table.Column<long>(type: "INTEGER", nullable: false),
                    PurgeWasteUnits = table.Column<long>(type: "INTEGER", nullable: false),
                    FailedWasteUnits = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Spools",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CodeKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    MaterialType = table.Column<string>(type: "TEXT", nullable: false),
                    MaterialColour = table.Column<string>(type: "TEXT", nullable: false),
                    Brand = table.Column<string>(type: "TEXT", nullable: true),
                    ColourHex = table.Column<string>(type: "TEXT", nullable: true),
                    NominalNet = table.Column<decimal>(type: "TEXT", nullable: false),
                    Price = table.Column<decimal>(type: "TEXT", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Tare = table.Column<decimal>(type: "TEXT", nullable: true),
                    SpoolType = table.Column<string>(type: "TEXT", nullable: true),
                    GrossWeight = table.Column<decimal>(type: "TEXT", nullable: true),
                    ActiveRunId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Spools", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProductBomLines",
                columns: table => new
                {
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    MaterialType = table.Column<string>(type: "TEXT", nullable: false),
                    MaterialColour = table.Column<string>(type: "TEXT", nullable: false),
                    GramsPerUnit = table.Column<decimal>(type: "TEXT", nullable: false),
                    SupportGramsPerUnit = table.Column<decimal>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProductBomLines", x => new { x.ProductId, x.Position });
                    table.ForeignKey(
                        name: "FK_ProductBomLines_Products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "Products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProductComponents",
                columns: table => new
                {
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitCost = table.Column<decimal>(type: "TEXT", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProductComponents", x => new { x.ProductId, x.Position });
                    table.ForeignKey(
                        name: "FK_ProductComponents_Products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "Products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RunItems",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sku = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    BedPosition = table.Column<string>(type: "TEXT", nullable: true),
                    Successful = table.Column<int>(type: "INTEGER", nullable: true),
                    Failed = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunItems", x => new { x.RunId, x.Position });
                    table.ForeignKey(
                        name: "FK_RunItems_Runs_RunId",
                        column: x => x.RunId,
                        principalTable: "Runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RunMaterials",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    SpoolId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SpoolCode = table.Column<string>(type: "TEXT", nullable: false),
                    MaterialType = table.Column<string>(type: "TEXT", nullable: false),
                    MaterialColour = table.Column<string>(type: "TEXT", nullable: false),
                    Brand = table.Column<string>(type: "TEXT", nullable: true),
                    ColourHex = table.Column<string>(type: "TEXT", nullable: true),
                    CostPerGram = table.Column<decimal>(type: "TEXT", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    EstimatedModel = table.Column<decimal>(type: "TEXT", nullable: false),
                    EstimatedSupports = table.Column<decimal>(type: "TEXT", nullable: false),
                    EstimatedPurge = table.Column<decimal>(type: "TEXT", nullable: false),
                    EstimatedTower = table.Column<decimal>(type: "TEXT", nullable: false),
                    WeightBefore = table.Column<decimal>(type: "TEXT", nullable: true),
                    WeightAfter = table.Column<decimal>(type: "TEXT", nullable: true),
                    ActualSupports = table.Column<decimal>(type: "TEXT", nullable: true),
                    ActualPurge = table.Column<decimal>(type: "TEXT", nullable: true),
                    ActualTower = table.Column<decimal>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunMaterials", x => new { x.RunId, x.Position });
                    table.ForeignKey(
                        name: "FK_RunMaterials_Runs_RunId",
                        column: x => x.RunId,
                        principalTable: "Runs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SpoolLedger",
                columns: table => new
                {
                    SpoolId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    GrossBefore = table.Column<decimal>(type: "TEXT", nullable: true),
                    GrossAfter = table.Column<decimal>(type: "TEXT", nullable: false),
                    RunId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RunNumber = table.Column<int>(type: "INTEGER", nullable: true),
                    Note = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SpoolLedger", x => new { x.SpoolId, x.Sequence });
                    table.ForeignKey(
                        name: "FK_SpoolLedger_Spools_SpoolId",
                        column: x => x.SpoolId,
                        principalTable: "Spools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RunItemBomLines",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ItemPosition = table.Column<int>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    MaterialType = table.Column<string>(type: "TEXT", nullable: false),
                    MaterialColour = table.Column<string>(type: "TEXT", nullable: false),
                    GramsPerUnit = table.Column<decimal>(type: "TEXT", nullable: false),
                    SupportGramsPerUnit = table.Column<decimal>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunItemBomLines", x => new { x.RunId, x.ItemPosition, x.Position });
                    table.ForeignKey(
                        name: "FK_RunItemBomLines_RunItems_RunId_ItemPosition",
                        columns: x => new { x.RunId, x.ItemPosition },
                        principalTable: "RunItems",
                        principalColumns: new[] { "RunId", "Position" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "BatchivoSchema",
                columns: new[] { "Id", "Version" },
                values: new object[] { 1, 1 });

            migrationBuilder.InsertData(
                table: "RunNumbers",
                columns: new[] { "Id", "Last", "Version" },
                values: new object[] { 1, 0, 0L });

            migrationBuilder.CreateIndex(
                name: "IX_Printers_NameKey",
                table: "Printers",
                column: "NameKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Products_SkuKey",
                table: "Products",
                column: "SkuKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RunItems_ProductId",
                table: "RunItems",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_Runs_ActivityAt",
                table: "Runs",
                column: "ActivityAt");

            migrationBuilder.CreateIndex(
                name: "IX_Runs_Number",
                table: "Runs",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Runs_OriginalRunId",
                table: "Runs",
                column: "OriginalRunId");

            migrationBuilder.CreateIndex(
                name: "IX_Spools_CodeKey",
                table: "Spools",
                column: "CodeKey",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BatchivoSchema");

            migrationBuilder.DropTable(
                name: "BrandTares");

            migrationBuilder.DropTable(
                name: "Printers");

            migrationBuilder.DropTable(
                name: "ProductBomLines");

            migrationBuilder.DropTable(
                name: "ProductComponents");

            migrationBuilder.DropTable(
                name: "RunItemBomLines");

            migrationBuilder.DropTable(
                name: "RunMaterials");

            migrationBuilder.DropTable(
                name: "RunNumbers");

            migrationBuilder.DropTable(
                name: "SpoolLedger");

            migrationBuilder.DropTable(
                name: "Products");

            migrationBuilder.DropTable(
                name: "RunItems");

            migrationBuilder.DropTable(
                name: "Spools");

            migrationBuilder.DropTable(
                name: "Runs");
        }
    }
}
