using System.Text.RegularExpressions;

namespace Mercato.Server.Tests.Infrastructure;

/// <summary>
/// Dependencies point one way: a feature may use the features below it, never one above it, so no two features form a
/// cycle. The edges are read from the sources (every <c>Mercato.Server.X</c> a file names), which also catches a fully
/// qualified name that a <c>using</c> check would miss.
/// </summary>
public sealed partial class ArchitectureTests
{
    // Lowest first. A feature may depend on any feature listed before it, none after it.
    private static readonly string[] Layers =
    [
        "Infrastructure",
        "ReferenceData",
        "Tenancy",
        "Jobs",
        "Sellers",
        "Accounts",
        "Catalog",
        "Moderation",
        "Search",
        "Feeds",
        "Payments",
        "Orders",
        "Demo",
        "Pages",
        "Host",
    ];

    [Fact]
    public void Every_top_level_folder_of_the_server_is_a_known_layer()
    {
        var unknown = FeatureFolders().Where(f => Array.IndexOf(Layers, f) < 0).ToList();
        Assert.True(unknown.Count == 0,
            $"Place these folders in {nameof(ArchitectureTests)}.{nameof(Layers)}: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void Features_depend_only_on_features_below_them()
    {
        var violations = new List<string>();
        foreach (var feature in FeatureFolders().Where(f => Array.IndexOf(Layers, f) >= 0))
        {
            var rank = Array.IndexOf(Layers, feature);
            foreach (var file in Directory.EnumerateFiles(Path.Combine(ServerRoot, feature), "*.*", SearchOption.AllDirectories)
                         .Where(p => p.EndsWith(".cs", StringComparison.Ordinal) || p.EndsWith(".razor", StringComparison.Ordinal)))
            {
                var text = File.ReadAllText(file);
                foreach (var used in NamespaceReference().Matches(text).Select(m => m.Groups[1].Value).Distinct())
                {
                    var usedRank = Array.IndexOf(Layers, used);
                    if (used != feature && usedRank > rank)
                    {
                        violations.Add($"{Path.GetRelativePath(ServerRoot, file)} uses {used}");
                    }
                }
            }
        }

        Assert.True(violations.Count == 0, "Dependencies that point upwards:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void The_server_assembly_carries_no_benchmark_harness()
    {
        typeof(Program).Assembly.GetTypes().Select(t => t.Namespace ?? "").Where(n => n.Contains("Benchmark", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public void The_check_sees_an_upward_reference()
    {
        // Guards the test above against a pattern that matches nothing.
        var names = NamespaceReference().Matches("using Mercato.Server.Pages.Shared;\nvar x = Mercato.Server.Host.X;")
            .Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["Pages", "Host"], names);
    }

    private static string ServerRoot { get; } = Path.Combine(RepositoryRoot(), "src", "Mercato.Server");

    private static IEnumerable<string> FeatureFolders() =>
        Directory.EnumerateDirectories(ServerRoot)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(n => n is not ("bin" or "obj" or "Properties") && !n.StartsWith('.'));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mercato.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Mercato.slnx not found above the test binaries");
    }

    [GeneratedRegex(@"\bMercato\.Server\.([A-Z][A-Za-z]+)\b")]
    private static partial Regex NamespaceReference();
}
