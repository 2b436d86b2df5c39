using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LabelStudio.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Consensus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Existing projects get the default conflict rule (ConflictSettings.Default), not zeros.
            migrationBuilder.AddColumn<bool>(
                name: "ConflictFlagGoldDisagreement",
                table: "Projects",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<bool>(
                name: "ConflictFlagTies",
                table: "Projects",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<double>(
                name: "ConflictMinMajorityShare",
                table: "Projects",
                type: "REAL",
                nullable: false,
                defaultValue: 0.6);

            migrationBuilder.AddColumn<double>(
                name: "ConflictMinPosterior",
                table: "Projects",
                type: "REAL",
                nullable: false,
                defaultValue: 0.9);

            migrationBuilder.CreateTable(
                name: "QualitySnapshots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProjectId = table.Column<long>(type: "INTEGER", nullable: false),
                    ComputedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ConfigVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    RatingCount = table.Column<int>(type: "INTEGER", nullable: false),
                    MeasuresJson = table.Column<string>(type: "TEXT", nullable: false),
                    RatersJson = table.Column<string>(type: "TEXT", nullable: false),
                    DawidSkeneModelJson = table.Column<string>(type: "TEXT", nullable: true),
                    DurationMs = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QualitySnapshots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_QualitySnapshots_Projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "Projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TaskOutcomes",
                columns: table => new
                {
                    TaskId = table.Column<long>(type: "INTEGER", nullable: false),
                    ProjectId = table.Column<long>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    ConsensusResultJson = table.Column<string>(type: "TEXT", nullable: true),
                    Method = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    AgreementScore = table.Column<double>(type: "REAL", nullable: true),
                    Posterior = table.Column<double>(type: "REAL", nullable: true),
                    Priority = table.Column<double>(type: "REAL", nullable: false),
                    Reasons = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    RatingCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ComputedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ModelVersion = table.Column<long>(type: "INTEGER", nullable: true),
                    DetailsJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TaskOutcomes", x => x.TaskId);
                    table.ForeignKey(
                        name: "FK_TaskOutcomes_Tasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "Tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_QualitySnapshots_ProjectId_Id",
                table: "QualitySnapshots",
                columns: new[] { "ProjectId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_TaskOutcomes_ProjectId_State_Priority",
                table: "TaskOutcomes",
                columns: new[] { "ProjectId", "State", "Priority" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "QualitySnapshots");

            migrationBuilder.DropTable(
                name: "TaskOutcomes");

            migrationBuilder.DropColumn(
                name: "ConflictFlagGoldDisagreement",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "ConflictFlagTies",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "ConflictMinMajorityShare",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "ConflictMinPosterior",
                table: "Projects");
        }
    }
}
