namespace LabelStudio.Core.DataValidation;

/// <summary>The JSON type of a data field's values (TFDV's feature type, in the task format's terms).</summary>
public enum DataFieldType
{
    /// <summary>No value was ever present.</summary>
    None,
    String,
    Int,
    Float,
    Bool,
    Object,
    Array,
    /// <summary>Values of more than one type (ints and floats together count as <see cref="Float"/>).</summary>
    Mixed,
}
