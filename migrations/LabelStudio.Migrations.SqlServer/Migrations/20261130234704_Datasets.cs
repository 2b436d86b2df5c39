using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LabelStudio.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class Datasets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DatasetVersions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ProjectId = table.Column<long>(type: "bigint", nullable: false),
                    Number = table.Column<int>(type: "int", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "nvarchar(4000)", maxLength: 4000, nullable: false),
                    CreatedById = table.Column<string>(type: "nvarchar(450)", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ParentId = table.Column<long>(type: "bigint", nullable: true),
                    Scope = table.Column<int>(type: "int", nullable: false),
                    FilterJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    SplitJson = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ConfigVersion = table.Column<int>(type: "int", nullable: false),
                    LabelSchema = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    ConfigSha256 = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    AnnotationWatermark = table.Column<long>(type: "bigint", nullable: false),
                    GoldWatermark = table.Column<long>(type: "bigint", nullable: false),
                    ResolutionWatermark = table.Column<long>(type: "bigint", nullable: false),
                    PredictionWatermark = table.Column<long>(type: "bigint", nullable: false),
                    ConsensusJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    ModelVersion = table.Column<long>(type: "bigint", nullable: true),
                    State = table.Column<int>(type: "int", nullable: false),
                    JobId = table.Column<long>(type: "bigint", nullable: true),
                    Failure = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    TaskCount = table.Column<int>(type: "int", nullable: false),
                    RowCount = table.Column<int>(type: "int", nullable: false),
                    DataFieldsJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    StatsJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    DataStatisticsJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    LineageJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    ContentSha256 = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DatasetVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DatasetVersions_AspNetUsers_CreatedById",
                        column: x => x.CreatedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_DatasetVersions_DatasetVersions_ParentId",
                        column: x => x.ParentId,
                        principalTable: "DatasetVersions",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_DatasetVersions_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DatasetFiles",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    DatasetVersionId = table.Column<long>(type: "bigint", nullable: false),
                    Format = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Sha256 = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    SizeBytes = table.Column<long>(type: "bigint", nullable: false),
                    RowCount = table.Column<int>(type: "int", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    JobId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DatasetFiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DatasetFiles_DatasetVersions_DatasetVersionId",
                        column: x => x.DatasetVersionId,
                        principalTable: "DatasetVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DatasetItems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    DatasetVersionId = table.Column<long>(type: "bigint", nullable: false),
                    TaskId = table.Column<long>(type: "bigint", nullable: false),
                    Split = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    State = table.Column<int>(type: "int", nullable: false),
                    LabelsJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    LabelKey = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false),
                    Origin = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DatasetItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DatasetItems_DatasetVersions_DatasetVersionId",
                        column: x => x.DatasetVersionId,
                        principalTable: "DatasetVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DatasetFiles_DatasetVersionId_Format",
                table: "DatasetFiles",
                columns: new[] { "DatasetVersionId", "Format" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DatasetItems_DatasetVersionId_TaskId",
                table: "DatasetItems",
                columns: new[] { "DatasetVersionId", "TaskId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DatasetVersions_CreatedById",
                table: "DatasetVersions",
                column: "CreatedById");

            migrationBuilder.CreateIndex(
                name: "IX_DatasetVersions_ParentId",
                table: "DatasetVersions",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_DatasetVersions_ProjectId_Number",
                table: "DatasetVersions",
                columns: new[] { "ProjectId", "Number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DatasetFiles");

            migrationBuilder.DropTable(
                name: "DatasetItems");

            migrationBuilder.DropTable(
                name: "DatasetVersions");
        }
    }
}
