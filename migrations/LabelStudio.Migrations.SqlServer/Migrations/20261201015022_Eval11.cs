using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LabelStudio.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class Eval11 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FeedbackInterleaving",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ProjectId = table.Column<long>(type: "bigint", nullable: false),
                    IngestId = table.Column<long>(type: "bigint", nullable: false),
                    RankerA = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    RankerB = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    WinsA = table.Column<long>(type: "bigint", nullable: false),
                    WinsB = table.Column<long>(type: "bigint", nullable: false),
                    Ties = table.Column<long>(type: "bigint", nullable: false),
                    NoClicks = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedbackInterleaving", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FeedbackInterleaving_FeedbackIngests_IngestId",
                        column: x => x.IngestId,
                        principalTable: "FeedbackIngests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FeedbackRankerEvidence",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ProjectId = table.Column<long>(type: "bigint", nullable: false),
                    IngestId = table.Column<long>(type: "bigint", nullable: false),
                    Ranker = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    QueryId = table.Column<string>(type: "nvarchar(190)", maxLength: 190, nullable: false),
                    Impressions = table.Column<long>(type: "bigint", nullable: false),
                    ClickedImpressions = table.Column<long>(type: "bigint", nullable: false),
                    Clicks = table.Column<long>(type: "bigint", nullable: false),
                    ResultsShown = table.Column<long>(type: "bigint", nullable: false),
                    Rank1Clicks = table.Column<long>(type: "bigint", nullable: false),
                    ReciprocalRankSum = table.Column<double>(type: "float", nullable: false),
                    SatImpressions = table.Column<long>(type: "bigint", nullable: false),
                    Docs = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedbackRankerEvidence", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FeedbackRankerEvidence_FeedbackIngests_IngestId",
                        column: x => x.IngestId,
                        principalTable: "FeedbackIngests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackInterleaving_IngestId",
                table: "FeedbackInterleaving",
                column: "IngestId");

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackRankerEvidence_IngestId_Id",
                table: "FeedbackRankerEvidence",
                columns: new[] { "IngestId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FeedbackInterleaving");

            migrationBuilder.DropTable(
                name: "FeedbackRankerEvidence");
        }
    }
}
