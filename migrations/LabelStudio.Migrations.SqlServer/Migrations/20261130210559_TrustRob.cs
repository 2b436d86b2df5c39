using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LabelStudio.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class TrustRob : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ImportBatches_ProjectId",
                table: "ImportBatches");

            migrationBuilder.DropIndex(
                name: "IX_Annotations_IdempotencyKey",
                table: "Annotations");

            migrationBuilder.AddColumn<long>(
                name: "JobId",
                table: "ImportBatches",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "State",
                table: "ImportBatches",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "ImportBatchId",
                table: "GoldAnswers",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "JobId",
                table: "FeedbackIngests",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Jobs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Kind = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    ProjectId = table.Column<long>(type: "bigint", nullable: true),
                    CreatedById = table.Column<string>(type: "nvarchar(450)", nullable: true),
                    State = table.Column<int>(type: "int", nullable: false),
                    FileName = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true),
                    InputBytes = table.Column<long>(type: "bigint", nullable: true),
                    ParametersJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Stage = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    ProgressDone = table.Column<long>(type: "bigint", nullable: false),
                    ProgressTotal = table.Column<long>(type: "bigint", nullable: false),
                    Message = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: true),
                    ResultJson = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Owner = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: true),
                    HeartbeatAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    CancelRequested = table.Column<bool>(type: "bit", nullable: false),
                    CancelledById = table.Column<string>(type: "nvarchar(450)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Jobs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Jobs_AspNetUsers_CancelledById",
                        column: x => x.CancelledById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_Jobs_AspNetUsers_CreatedById",
                        column: x => x.CreatedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_Jobs_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ImportBatches_ProjectId_State",
                table: "ImportBatches",
                columns: new[] { "ProjectId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_ImportBatches_State",
                table: "ImportBatches",
                column: "State");

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_CancelledById",
                table: "Jobs",
                column: "CancelledById");

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_CreatedById",
                table: "Jobs",
                column: "CreatedById");

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_ProjectId_Id",
                table: "Jobs",
                columns: new[] { "ProjectId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_State",
                table: "Jobs",
                column: "State");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Jobs");

            migrationBuilder.DropIndex(
                name: "IX_ImportBatches_ProjectId_State",
                table: "ImportBatches");

            migrationBuilder.DropIndex(
                name: "IX_ImportBatches_State",
                table: "ImportBatches");

            migrationBuilder.DropColumn(
                name: "JobId",
                table: "ImportBatches");

            migrationBuilder.DropColumn(
                name: "State",
                table: "ImportBatches");

            migrationBuilder.DropColumn(
                name: "ImportBatchId",
                table: "GoldAnswers");

            migrationBuilder.DropColumn(
                name: "JobId",
                table: "FeedbackIngests");

            migrationBuilder.CreateIndex(
                name: "IX_ImportBatches_ProjectId",
                table: "ImportBatches",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_Annotations_IdempotencyKey",
                table: "Annotations",
                column: "IdempotencyKey",
                unique: true,
                filter: "[IdempotencyKey] IS NOT NULL");
        }
    }
}
