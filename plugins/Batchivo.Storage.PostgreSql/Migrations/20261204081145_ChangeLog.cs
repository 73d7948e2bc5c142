using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Batchivo.Storage.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ChangeLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Changes",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Entity = table.Column<int>(type: "integer", nullable: false),
                    Key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Changes", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "ChangeSequence",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Last = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangeSequence", x => x.Id);
                });

            migrationBuilder.UpdateData(
                table: "BatchivoSchema",
                keyColumn: "Id",
                keyValue: 1,
                column: "Version",
                value: 2);

            migrationBuilder.InsertData(
                table: "ChangeSequence",
                columns: new[] { "Id", "Last" },
                values: new object[] { 1, 0L });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Changes");

            migrationBuilder.DropTable(
                name: "ChangeSequence");

            migrationBuilder.UpdateData(
                table: "BatchivoSchema",
                keyColumn: "Id",
                keyValue: 1,
                column: "Version",
                value: 1);
        }
    }
}
