using System.Text.Json;

namespace LabelStudio.Quality;

public sealed record StoredRaterConfusion(string UserId, double[][] Confusion);
