using LabelStudio.Web;

HostingExtensions.ReserveThreads();
var builder = WebApplication.CreateBuilder(args);
builder.AddLabelStudioConfiguration();
builder.Services.AddLabelStudioWeb(builder.Configuration);

var app = builder.Build();
app.UseLabelStudioPipeline();
await app.InitializeLabelStudioAsync();
await app.RunAsync();

public partial class Program;
