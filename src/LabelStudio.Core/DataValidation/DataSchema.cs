namespace LabelStudio.Core.DataValidation;

/// <summary>A project's schema, inferred by <see cref="SchemaInference"/>; serialisable with <see cref="StatisticsJson"/>.</summary>
public sealed record DataSchema(IReadOnlyList<FieldSchema> Fields, IReadOnlyList<ControlSchema> Controls)
{
    /// <summary>The field named <paramref name="name"/>, or null.</summary>
    public FieldSchema? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);
}
