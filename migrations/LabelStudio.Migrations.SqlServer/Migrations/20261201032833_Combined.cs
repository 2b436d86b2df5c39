using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LabelStudio.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class Combined : Migration
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

            migrationBuilder.DropIndex(
                name: "IX_Annotations_TaskId_UserId",
                table: "Annotations");

            migrationBuilder.AddColumn<int>(
                name: "AutoExtraRatings",
                table: "Tasks",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "AutoExtraRatings",
                table: "Projects",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "ConflictFlagBoundaries",
                table: "Projects",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<double>(
                name: "GoldRate",
                table: "Projects",
                type: "float",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<int>(
                name: "InstructionsVersion",
                table: "Projects",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "PauseAfterGoldTasks",
                table: "Projects",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<double>(
                name: "PauseBelowGoldAccuracy",
                table: "Projects",
                type: "float",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<DateTime>(
                name: "GoldCountedFrom",
                table: "ProjectMembers",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "InstructionsSeenVersion",
                table: "ProjectMembers",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "PauseReason",
                table: "ProjectMembers",
                type: "nvarchar(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PausedAt",
                table: "ProjectMembers",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CompleteTaskCount",
                table: "ImportBatches",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "JobId",
                table: "ImportBatches",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RatingCount",
                table: "ImportBatches",
                type: "int",
                nullable: false,
                defaultValue: 0);

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

            migrationBuilder.AddColumn<double>(
                name: "EvidenceHalfLifeDays",
                table: "FeedbackSettings",
                type: "float",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<int>(
                name: "EvidenceWindowDays",
                table: "FeedbackSettings",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AlterColumn<double>(
                name: "PRelevant",
                table: "FeedbackLabels",
                type: "float",
                nullable: true,
                oldClrType: typeof(double),
                oldType: "float");

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
                name: "EvidenceIngestIdsJson",
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

            migrationBuilder.AddColumn<long>(
                name: "JobId",
                table: "FeedbackIngests",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "FeedbackIngests",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "RolledBackAt",
                table: "FeedbackIngests",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RolledBackById",
                table: "FeedbackIngests",
                type: "nvarchar(450)",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ImportedRaterId",
                table: "Annotations",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NoEntitiesJson",
                table: "Annotations",
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Revision",
                table: "Annotations",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "SupersedesId",
                table: "Annotations",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ApiTokens",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    UserId = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Prefix = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Hash = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    LastUsedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    RevokedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    RevokedById = table.Column<string>(type: "nvarchar(450)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiTokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApiTokens_AspNetUsers_RevokedById",
                        column: x => x.RevokedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_ApiTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateTable(
                name: "AuditEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    OccurredAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ActorId = table.Column<string>(type: "nvarchar(450)", nullable: true),
                    ActorEmail = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    Action = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    TargetType = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: true),
                    TargetId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    ProjectId = table.Column<long>(type: "bigint", nullable: true),
                    Details = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    IpAddress = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    UserAgent = table.Column<string>(type: "nvarchar(512)", maxLength: 512, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AuditEvents_AspNetUsers_ActorId",
                        column: x => x.ActorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id");
                });

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
                    TaskWatermark = table.Column<long>(type: "bigint", nullable: false),
                    AnnotationWatermark = table.Column<long>(type: "bigint", nullable: false),
                    GoldWatermark = table.Column<long>(type: "bigint", nullable: false),
                    ResolutionWatermark = table.Column<long>(type: "bigint", nullable: false),
                    PredictionWatermark = table.Column<long>(type: "bigint", nullable: false),
                    ConsensusJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    OutcomeWatermark = table.Column<long>(type: "bigint", nullable: false),
                    ConsensusRunId = table.Column<long>(type: "bigint", nullable: true),
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
                name: "Drafts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TaskId = table.Column<long>(type: "bigint", nullable: false),
                    ProjectId = table.Column<long>(type: "bigint", nullable: false),
                    UserId = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    ResultJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    NoEntitiesJson = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    RevisesId = table.Column<long>(type: "bigint", nullable: true),
                    LeadTimeSeconds = table.Column<double>(type: "float", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Drafts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Drafts_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_Drafts_Tasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "Tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FeedbackCatalog",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ProjectId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    ItemId = table.Column<string>(type: "nvarchar(190)", maxLength: 190, nullable: false),
                    Text = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Title = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    Url = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedbackCatalog", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FeedbackCatalog_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FeedbackEvidence",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ProjectId = table.Column<long>(type: "bigint", nullable: false),
                    IngestId = table.Column<long>(type: "bigint", nullable: false),
                    QueryId = table.Column<string>(type: "nvarchar(190)", maxLength: 190, nullable: false),
                    DocId = table.Column<string>(type: "nvarchar(190)", maxLength: 190, nullable: false),
                    Impressions = table.Column<int>(type: "int", nullable: false),
                    Clicks = table.Column<int>(type: "int", nullable: false),
                    SatClicks = table.Column<int>(type: "int", nullable: false),
                    SdbnExamined = table.Column<int>(type: "int", nullable: false),
                    SdbnLastClicks = table.Column<int>(type: "int", nullable: false),
                    DistinctClickers = table.Column<int>(type: "int", nullable: false),
                    ClickerClicks = table.Column<int>(type: "int", nullable: false),
                    TopClicker = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: true),
                    TopClickerClicks = table.Column<int>(type: "int", nullable: false),
                    Cells = table.Column<string>(type: "nvarchar(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedbackEvidence", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FeedbackEvidence_FeedbackIngests_IngestId",
                        column: x => x.IngestId,
                        principalTable: "FeedbackIngests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

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

            migrationBuilder.CreateTable(
                name: "ImportedRaters",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ProjectId = table.Column<long>(type: "bigint", nullable: false),
                    ExternalKey = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    DisplayName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ImportBatchId = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportedRaters", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImportedRaters_ImportBatches_ImportBatchId",
                        column: x => x.ImportBatchId,
                        principalTable: "ImportBatches",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_ImportedRaters_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "InstructionsVersions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ProjectId = table.Column<long>(type: "bigint", nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false),
                    Markdown = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedById = table.Column<string>(type: "nvarchar(450)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InstructionsVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InstructionsVersions_AspNetUsers_CreatedById",
                        column: x => x.CreatedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_InstructionsVersions_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

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

            migrationBuilder.CreateTable(
                name: "RaterFeedbackReads",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    ReadAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RaterFeedbackReads", x => x.UserId);
                    table.ForeignKey(
                        name: "FK_RaterFeedbackReads_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateTable(
                name: "Resolutions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TaskId = table.Column<long>(type: "bigint", nullable: false),
                    ProjectId = table.Column<long>(type: "bigint", nullable: false),
                    DecidedById = table.Column<string>(type: "nvarchar(450)", nullable: false),
                    Decision = table.Column<int>(type: "int", nullable: false),
                    ResultJson = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    AcceptedAnnotationId = table.Column<long>(type: "bigint", nullable: true),
                    ExtraRatings = table.Column<int>(type: "int", nullable: true),
                    Comment = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    BasedOnAnnotationIdsJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    GoldAnswerId = table.Column<long>(type: "bigint", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Resolutions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Resolutions_AspNetUsers_DecidedById",
                        column: x => x.DecidedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_Resolutions_Tasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "Tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StatisticsSnapshots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ProjectId = table.Column<long>(type: "bigint", nullable: false),
                    SubjectKind = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    SubjectId = table.Column<long>(type: "bigint", nullable: false),
                    TaskCount = table.Column<long>(type: "bigint", nullable: false),
                    StatisticsJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    WarningsJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    WarningCount = table.Column<int>(type: "int", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatisticsSnapshots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StatisticsSnapshots_Projects_ProjectId",
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

            migrationBuilder.CreateTable(
                name: "ValidationSettings",
                columns: table => new
                {
                    ProjectId = table.Column<long>(type: "bigint", nullable: false),
                    LInfinityThreshold = table.Column<double>(type: "float", nullable: false),
                    JensenShannonThreshold = table.Column<double>(type: "float", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ValidationSettings", x => x.ProjectId);
                    table.ForeignKey(
                        name: "FK_ValidationSettings_Projects_ProjectId",
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
                name: "IX_Tasks_ProjectId_CreatedAt",
                table: "Tasks",
                columns: new[] { "ProjectId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Tasks_ProjectId_Id",
                table: "Tasks",
                columns: new[] { "ProjectId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_TaskOutcomes_ProjectId_AgreementScore",
                table: "TaskOutcomes",
                columns: new[] { "ProjectId", "AgreementScore" });

            migrationBuilder.CreateIndex(
                name: "IX_ImportBatches_ProjectId_State",
                table: "ImportBatches",
                columns: new[] { "ProjectId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_ImportBatches_State",
                table: "ImportBatches",
                column: "State");

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackIngests_RolledBackById",
                table: "FeedbackIngests",
                column: "RolledBackById");

            migrationBuilder.CreateIndex(
                name: "IX_Annotations_SupersedesId",
                table: "Annotations",
                column: "SupersedesId");

            migrationBuilder.CreateIndex(
                name: "IX_Annotations_TaskId_UserId_Revision",
                table: "Annotations",
                columns: new[] { "TaskId", "UserId", "Revision" },
                unique: true,
                filter: "[UserId] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ApiTokens_Hash",
                table: "ApiTokens",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApiTokens_RevokedById",
                table: "ApiTokens",
                column: "RevokedById");

            migrationBuilder.CreateIndex(
                name: "IX_ApiTokens_UserId_Id",
                table: "ApiTokens",
                columns: new[] { "UserId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_Action_OccurredAt",
                table: "AuditEvents",
                columns: new[] { "Action", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_ActorId_OccurredAt",
                table: "AuditEvents",
                columns: new[] { "ActorId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_OccurredAt",
                table: "AuditEvents",
                column: "OccurredAt");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_ProjectId_OccurredAt",
                table: "AuditEvents",
                columns: new[] { "ProjectId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_TargetType_TargetId",
                table: "AuditEvents",
                columns: new[] { "TargetType", "TargetId" });

            migrationBuilder.CreateIndex(
                name: "IX_ConsensusRuns_ProjectId_Id",
                table: "ConsensusRuns",
                columns: new[] { "ProjectId", "Id" });

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

            migrationBuilder.CreateIndex(
                name: "IX_Drafts_TaskId_UserId",
                table: "Drafts",
                columns: new[] { "TaskId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Drafts_UserId_ProjectId",
                table: "Drafts",
                columns: new[] { "UserId", "ProjectId" });

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackCatalog_ProjectId_Kind_ItemId",
                table: "FeedbackCatalog",
                columns: new[] { "ProjectId", "Kind", "ItemId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackEvidence_IngestId_Id",
                table: "FeedbackEvidence",
                columns: new[] { "IngestId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackEvidence_ProjectId_QueryId_DocId",
                table: "FeedbackEvidence",
                columns: new[] { "ProjectId", "QueryId", "DocId" });

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackInterleaving_IngestId",
                table: "FeedbackInterleaving",
                column: "IngestId");

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackRankerEvidence_IngestId_Id",
                table: "FeedbackRankerEvidence",
                columns: new[] { "IngestId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ImportedRaters_ImportBatchId",
                table: "ImportedRaters",
                column: "ImportBatchId");

            migrationBuilder.CreateIndex(
                name: "IX_ImportedRaters_ProjectId_ExternalKey",
                table: "ImportedRaters",
                columns: new[] { "ProjectId", "ExternalKey" });

            migrationBuilder.CreateIndex(
                name: "IX_InstructionsVersions_CreatedById",
                table: "InstructionsVersions",
                column: "CreatedById");

            migrationBuilder.CreateIndex(
                name: "IX_InstructionsVersions_ProjectId_Version",
                table: "InstructionsVersions",
                columns: new[] { "ProjectId", "Version" },
                unique: true);

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

            migrationBuilder.CreateIndex(
                name: "IX_Resolutions_DecidedById",
                table: "Resolutions",
                column: "DecidedById");

            migrationBuilder.CreateIndex(
                name: "IX_Resolutions_ProjectId_Id",
                table: "Resolutions",
                columns: new[] { "ProjectId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Resolutions_TaskId_Id",
                table: "Resolutions",
                columns: new[] { "TaskId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_StatisticsSnapshots_ProjectId_SubjectKind",
                table: "StatisticsSnapshots",
                columns: new[] { "ProjectId", "SubjectKind" });

            migrationBuilder.CreateIndex(
                name: "IX_StatisticsSnapshots_SubjectKind_SubjectId",
                table: "StatisticsSnapshots",
                columns: new[] { "SubjectKind", "SubjectId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TaskOutcomeRevisions_RunId_Id",
                table: "TaskOutcomeRevisions",
                columns: new[] { "RunId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_TaskOutcomeRevisions_TaskId_Id",
                table: "TaskOutcomeRevisions",
                columns: new[] { "TaskId", "Id" });

            migrationBuilder.AddForeignKey(
                name: "FK_FeedbackIngests_AspNetUsers_RolledBackById",
                table: "FeedbackIngests",
                column: "RolledBackById",
                principalTable: "AspNetUsers",
                principalColumn: "Id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_FeedbackIngests_AspNetUsers_RolledBackById",
                table: "FeedbackIngests");

            migrationBuilder.DropTable(
                name: "ApiTokens");

            migrationBuilder.DropTable(
                name: "AuditEvents");

            migrationBuilder.DropTable(
                name: "ConsensusRuns");

            migrationBuilder.DropTable(
                name: "DatasetFiles");

            migrationBuilder.DropTable(
                name: "DatasetItems");

            migrationBuilder.DropTable(
                name: "Drafts");

            migrationBuilder.DropTable(
                name: "FeedbackCatalog");

            migrationBuilder.DropTable(
                name: "FeedbackEvidence");

            migrationBuilder.DropTable(
                name: "FeedbackInterleaving");

            migrationBuilder.DropTable(
                name: "FeedbackRankerEvidence");

            migrationBuilder.DropTable(
                name: "ImportedRaters");

            migrationBuilder.DropTable(
                name: "InstructionsVersions");

            migrationBuilder.DropTable(
                name: "Jobs");

            migrationBuilder.DropTable(
                name: "RaterFeedbackReads");

            migrationBuilder.DropTable(
                name: "Resolutions");

            migrationBuilder.DropTable(
                name: "StatisticsSnapshots");

            migrationBuilder.DropTable(
                name: "TaskOutcomeRevisions");

            migrationBuilder.DropTable(
                name: "ValidationSettings");

            migrationBuilder.DropTable(
                name: "DatasetVersions");

            migrationBuilder.DropIndex(
                name: "IX_Tasks_ProjectId_CreatedAt",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "IX_Tasks_ProjectId_Id",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "IX_TaskOutcomes_ProjectId_AgreementScore",
                table: "TaskOutcomes");

            migrationBuilder.DropIndex(
                name: "IX_ImportBatches_ProjectId_State",
                table: "ImportBatches");

            migrationBuilder.DropIndex(
                name: "IX_ImportBatches_State",
                table: "ImportBatches");

            migrationBuilder.DropIndex(
                name: "IX_FeedbackIngests_RolledBackById",
                table: "FeedbackIngests");

            migrationBuilder.DropIndex(
                name: "IX_Annotations_SupersedesId",
                table: "Annotations");

            migrationBuilder.DropIndex(
                name: "IX_Annotations_TaskId_UserId_Revision",
                table: "Annotations");

            migrationBuilder.DropColumn(
                name: "AutoExtraRatings",
                table: "Tasks");

            migrationBuilder.DropColumn(
                name: "AutoExtraRatings",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "ConflictFlagBoundaries",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "GoldRate",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "InstructionsVersion",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "PauseAfterGoldTasks",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "PauseBelowGoldAccuracy",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "GoldCountedFrom",
                table: "ProjectMembers");

            migrationBuilder.DropColumn(
                name: "InstructionsSeenVersion",
                table: "ProjectMembers");

            migrationBuilder.DropColumn(
                name: "PauseReason",
                table: "ProjectMembers");

            migrationBuilder.DropColumn(
                name: "PausedAt",
                table: "ProjectMembers");

            migrationBuilder.DropColumn(
                name: "CompleteTaskCount",
                table: "ImportBatches");

            migrationBuilder.DropColumn(
                name: "JobId",
                table: "ImportBatches");

            migrationBuilder.DropColumn(
                name: "RatingCount",
                table: "ImportBatches");

            migrationBuilder.DropColumn(
                name: "State",
                table: "ImportBatches");

            migrationBuilder.DropColumn(
                name: "ImportBatchId",
                table: "GoldAnswers");

            migrationBuilder.DropColumn(
                name: "EvidenceHalfLifeDays",
                table: "FeedbackSettings");

            migrationBuilder.DropColumn(
                name: "EvidenceWindowDays",
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
                name: "EvidenceIngestIdsJson",
                table: "FeedbackIngests");

            migrationBuilder.DropColumn(
                name: "GradedJson",
                table: "FeedbackIngests");

            migrationBuilder.DropColumn(
                name: "JobId",
                table: "FeedbackIngests");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "FeedbackIngests");

            migrationBuilder.DropColumn(
                name: "RolledBackAt",
                table: "FeedbackIngests");

            migrationBuilder.DropColumn(
                name: "RolledBackById",
                table: "FeedbackIngests");

            migrationBuilder.DropColumn(
                name: "ImportedRaterId",
                table: "Annotations");

            migrationBuilder.DropColumn(
                name: "NoEntitiesJson",
                table: "Annotations");

            migrationBuilder.DropColumn(
                name: "Revision",
                table: "Annotations");

            migrationBuilder.DropColumn(
                name: "SupersedesId",
                table: "Annotations");

            migrationBuilder.AlterColumn<double>(
                name: "PRelevant",
                table: "FeedbackLabels",
                type: "float",
                nullable: false,
                defaultValue: 0.0,
                oldClrType: typeof(double),
                oldType: "float",
                oldNullable: true);

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

            migrationBuilder.CreateIndex(
                name: "IX_Annotations_TaskId_UserId",
                table: "Annotations",
                columns: new[] { "TaskId", "UserId" },
                unique: true,
                filter: "[UserId] IS NOT NULL");
        }
    }
}
