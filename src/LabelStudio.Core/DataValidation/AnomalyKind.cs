namespace LabelStudio.Core.DataValidation;

/// <summary>The kinds of anomaly (TFDV's anomaly types, in a labeling tool's terms).</summary>
public enum AnomalyKind
{
    /// <summary>A field the configuration reads is missing (error).</summary>
    MissingField,
    /// <summary>A field the configuration reads has a type it cannot show (error).</summary>
    WrongType,
    /// <summary>An imported label is not one the configuration offers (error).</summary>
    LabelOutsideConfig,
    /// <summary>An imported span goes outside its text, or its text is not the substring (error).</summary>
    SpanOutsideText,
    /// <summary>The same task data appears twice (error unless duplicates are allowed).</summary>
    DuplicateTask,
    /// <summary>A field the schema does not know (TFDV's SCHEMA_NEW_COLUMN).</summary>
    NewField,
    /// <summary>A field the schema knows is absent from every task (SCHEMA_MISSING_COLUMN).</summary>
    VanishedField,
    /// <summary>A field's type differs from the schema's.</summary>
    TypeChange,
    /// <summary>A field is present in fewer tasks than sampling noise explains.</summary>
    PresenceDrop,
    /// <summary>A low-cardinality field has values outside its domain (ENUM_TYPE_UNEXPECTED_STRING_VALUES).</summary>
    NewValues,
    /// <summary>A distribution moved beyond the threshold and the noise band.</summary>
    DistributionShift,
}
