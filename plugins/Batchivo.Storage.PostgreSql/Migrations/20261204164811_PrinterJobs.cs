using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Batchivo.Storage.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class PrinterJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PrinterJobConnector",
                table: "Runs",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PrinterJobEnd",
                table: "Runs",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PrinterJobEndedAt",
                table: "Runs",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PrinterJobFile",
                table: "Runs",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PrinterJobId",
                table: "Runs",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PrinterJobTrail",
                table: "Runs",
                type: "text",
                nullable: true);

            migrationBuilder.UpdateData(
                table: "BatchivoSchema",
                keyColumn: "Id",
                keyValue: 1,
                column: "Version",
                value: 3);

            migrationBuilder.CreateIndex(
                name: "IX_Runs_PrinterId_PrinterJobId",
                table: "Runs",
                columns: new[] { "PrinterId", "PrinterJobId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Runs_PrinterId_PrinterJobId",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "PrinterJobConnector",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "PrinterJobEnd",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "PrinterJobEndedAt",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "PrinterJobFile",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "PrinterJobId",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "PrinterJobTrail",
                table: "Runs");

            migrationBuilder.UpdateData(
                table: "BatchivoSchema",
                keyColumn: "Id",
                keyValue: 1,
                column: "Version",
                value: 2);
        }
    }
}
