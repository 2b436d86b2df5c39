namespace LabelStudio.Data.Labeling;

public enum AnnotationSource { Rater = 0, Imported = 1 }
