using System.Text.RegularExpressions;

namespace Mercato.Server.Tests.Infrastructure;

/// <summary>Infrastructure is the bottom layer: it may not use a feature; only Host/ knows every feature.</summary>
public sealed partial class InfrastructureDependencyTests
{
    [Fact]
    public void Infrastructure_uses_no_feature_namespace()
    {
        var folder = Path.Combine(RepositoryRoot(), "src", "Mercato.Server", "Infrastructure");
        var offending = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadLines(file).Select(line => (file, line)))
            .Where(x => FeatureReference().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(folder, x.file)}: {x.line.Trim()}")
            .ToList();

        offending.ShouldBeEmpty();
    }

    [Fact]
    public void The_server_assembly_carries_no_benchmark_harness()
    {
        typeof(Program).Assembly.GetTypes().Select(t => t.Namespace ?? "").Where(n => n.Contains("Benchmark", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    // "using Mercato.Server.Catalog;" or a qualified "Mercato.Server.Catalog." — anything under Mercato.Server but Infrastructure.
    [GeneratedRegex(@"\bMercato\.Server\.(?!Infrastructure\b)[A-Z]\w*")]
    private static partial Regex FeatureReference();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mercato.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Mercato.slnx not found above the test folder");
    }
}
