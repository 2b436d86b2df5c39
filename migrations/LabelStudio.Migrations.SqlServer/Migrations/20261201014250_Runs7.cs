using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LabelStudio.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class Runs7 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ConsensusRunId",
                table: "DatasetVersions",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "OutcomeWatermark",
                table: "DatasetVersions",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "TaskWatermark",
                table: "DatasetVersions",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "ConsensusRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ProjectId = table.Column<long>(type: "bigint", nullable: false),
                    Method = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    SettingsJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    ModelVersion = table.Column<long>(type: "bigint", nullable: true),
                    ConfigVersion = table.Column<int>(type: "int", nullable: false),
                    MaxAnnotationId = table.Column<long>(type: "bigint", nullable: false),
                    MaxGoldId = table.Column<long>(type: "bigint", nullable: false),
                    MaxResolutionId = table.Column<long>(type: "bigint", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    TaskCount = table.Column<int>(type: "int", nullable: false),
                    ChangedCount = table.Column<int>(type: "int", nullable: false),
                    StateCountsJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    OutcomeWatermark = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ConsensusRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ConsensusRuns_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TaskOutcomeRevisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TaskId = table.Column<long>(type: "bigint", nullable: false),
                    ProjectId = table.Column<long>(type: "bigint", nullable: false),
                    RunId = table.Column<long>(type: "bigint", nullable: true),
                    State = table.Column<int>(type: "int", nullable: false),
                    ConsensusResultJson = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Method = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    AgreementScore = table.Column<double>(type: "float", nullable: true),
                    Posterior = table.Column<double>(type: "float", nullable: true),
                    RatingCount = table.Column<int>(type: "int", nullable: false),
                    ModelVersion = table.Column<long>(type: "bigint", nullable: true),
                    DetailsJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TaskOutcomeRevisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TaskOutcomeRevisions_Tasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "Tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ConsensusRuns_ProjectId_Id",
                table: "ConsensusRuns",
                columns: new[] { "ProjectId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_TaskOutcomeRevisions_RunId_Id",
                table: "TaskOutcomeRevisions",
                columns: new[] { "RunId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_TaskOutcomeRevisions_TaskId_Id",
                table: "TaskOutcomeRevisions",
                columns: new[] { "TaskId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ConsensusRuns");

            migrationBuilder.DropTable(
                name: "TaskOutcomeRevisions");

            migrationBuilder.DropColumn(
                name: "ConsensusRunId",
                table: "DatasetVersions");

            migrationBuilder.DropColumn(
                name: "OutcomeWatermark",
                table: "DatasetVersions");

            migrationBuilder.DropColumn(
                name: "TaskWatermark",
                table: "DatasetVersions");
        }
    }
}
