namespace LabelStudio.Core.DataValidation;

/// <summary>What a drift figure compares.</summary>
public enum DriftSubject
{
    /// <summary>A categorical data field's values.</summary>
    Values,
    /// <summary>A numeric data field's values.</summary>
    Numbers,
    /// <summary>A text field's lengths.</summary>
    TextLength,
    /// <summary>The annotations' labels of a control.</summary>
    Labels,
    /// <summary>The predictions' labels of a control.</summary>
    PredictionLabels,
}
