using System.Globalization;

namespace LabelStudio.Web.Features.Review.Components;

/// <summary>Which answer the task rendering shows: none (the task as raters saw it), one annotation, or a candidate.</summary>
internal static class ViewKeys
{
    public const string Task = "task";
    public const string Majority = "majority";
    public const string DawidSkene = "dawid-skene";
    public const string Final = "final";

    public static string Annotation(long id) => "a" + id.ToString(CultureInfo.InvariantCulture);
}
