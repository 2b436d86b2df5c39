namespace LabelStudio.Data.Demo;

/// <summary>Short texts for the demo projects, written for the purpose.</summary>
internal static class DemoTexts
{
    public static IEnumerable<string> Reviews()
    {
        string[] products = ["headphones", "coffee grinder", "desk lamp", "backpack", "phone case", "kettle"];
        string[] patterns =
        [
            "The {0} arrived quickly and works perfectly. Very happy with it.",
            "After two weeks the {0} stopped working. Really disappointed.",
            "The {0} does what it says. Nothing more, nothing less.",
            "Great value: the {0} feels sturdy and looks better than in the photos.",
            "The {0} is fine, but the instructions were confusing and the box was damaged.",
            "I returned the {0}; it was noisy and the build quality is poor.",
        ];
        foreach (var product in products)
        foreach (var pattern in patterns)
        {
            yield return string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, product);
        }
    }

    public static IEnumerable<string> NewsSentences()
    {
        (string Person, string Org, string Place)[] facts =
        [
            ("Maria Lopez", "Northwind Energy", "Lisbon"), ("Kenji Watanabe", "Harbor Bank", "Osaka"),
            ("Amara Okafor", "the City Council", "Lagos"), ("Lucas Meyer", "Alpine Rail", "Zurich"),
            ("Sofia Rossi", "Blue Delta Labs", "Milan"), ("Daniel Kim", "Seoul Robotics", "Busan"),
        ];
        string[] patterns =
        [
            "{0} joined {1} as chief engineer last spring.",
            "{1} opened a new office in {2} on Monday.",
            "Speaking in {2}, {0} said the project was on schedule.",
            "{0} left {1} after nine years to start a company in {2}.",
            "Analysts at {1} expect growth in {2} to slow next year.",
        ];
        foreach (var f in facts)
        foreach (var pattern in patterns)
        {
            yield return string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, f.Person, f.Org, f.Place);
        }
    }
}
