using Mercato.Server.ReferenceData;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mercato.Benchmarks;

/// <summary>
/// The reference data the benchmarks generate from, as the test suite finds it: <c>MERCATO_REFERENCE_DATA</c>, else
/// <c>../shared/data</c> beside the repository root when present, else the built-in fallback.
/// </summary>
internal static class BenchReferenceData
{
    private static readonly Lazy<ReferenceDataSet> s_current = new(() =>
        ReferenceDataLoader.Load(new ReferenceDataOptions { Folder = Locate() }, NullLogger.Instance));

    public static ReferenceDataSet Current => s_current.Value;

    private static string? Locate()
    {
        if (Environment.GetEnvironmentVariable(ReferenceDataOptions.Variable) is { Length: > 0 } variable)
        {
            return variable;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mercato.slnx")))
            {
                var shared = Path.Combine(dir.FullName, "..", "shared", "data");
                return Directory.Exists(shared) ? Path.GetFullPath(shared) : null;
            }
        }

        return null;
    }
}
