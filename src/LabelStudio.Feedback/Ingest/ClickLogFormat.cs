namespace LabelStudio.Feedback.Ingest;

/// <summary>Input formats understood by <see cref="ClickLogIngestor"/>.</summary>
public enum ClickLogFormat
{
    /// <summary>Native JSON Lines, one impression per line.</summary>
    Native,

    /// <summary>Yandex Relevance Prediction Challenge tab-separated query/click actions.</summary>
    Yandex,
}
