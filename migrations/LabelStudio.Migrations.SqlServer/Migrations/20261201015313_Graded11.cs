using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LabelStudio.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class Graded11 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "EvidenceHalfLifeDays",
                table: "FeedbackSettings",
                type: "float",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<double>(
                name: "ExpectedGrade",
                table: "FeedbackLabels",
                type: "float",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Grade",
                table: "FeedbackLabels",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "PGrade0",
                table: "FeedbackLabels",
                type: "float",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "PGrade1",
                table: "FeedbackLabels",
                type: "float",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "PGrade2",
                table: "FeedbackLabels",
                type: "float",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "PGrade3",
                table: "FeedbackLabels",
                type: "float",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "PGrade4",
                table: "FeedbackLabels",
                type: "float",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DriftJson",
                table: "FeedbackIngests",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "GradedJson",
                table: "FeedbackIngests",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EvidenceHalfLifeDays",
                table: "FeedbackSettings");

            migrationBuilder.DropColumn(
                name: "ExpectedGrade",
                table: "FeedbackLabels");

            migrationBuilder.DropColumn(
                name: "Grade",
                table: "FeedbackLabels");

            migrationBuilder.DropColumn(
                name: "PGrade0",
                table: "FeedbackLabels");

            migrationBuilder.DropColumn(
                name: "PGrade1",
                table: "FeedbackLabels");

            migrationBuilder.DropColumn(
                name: "PGrade2",
                table: "FeedbackLabels");

            migrationBuilder.DropColumn(
                name: "PGrade3",
                table: "FeedbackLabels");

            migrationBuilder.DropColumn(
                name: "PGrade4",
                table: "FeedbackLabels");

            migrationBuilder.DropColumn(
                name: "DriftJson",
                table: "FeedbackIngests");

            migrationBuilder.DropColumn(
                name: "GradedJson",
                table: "FeedbackIngests");
        }
    }
}
