using Mercato.Server.ReferenceData;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mercato.Server.Tests.Infrastructure;

/// <summary>
/// The reference folder the tests run on: <c>MERCATO_REFERENCE_DATA</c> when set, else <c>../shared/data</c> beside the
/// repository root when it exists, else none (the built-in fallback). The same suite passes either way.
/// </summary>
public static class TestReferenceData
{
    private static readonly Lazy<string?> s_folder = new(Locate);
    private static readonly Lazy<ReferenceDataSet> s_current = new(() =>
        ReferenceDataLoader.Load(new ReferenceDataOptions { Folder = Folder }, NullLogger.Instance));

    /// <summary>The folder, or null when the tests run on the built-in fallback.</summary>
    public static string? Folder => s_folder.Value;

    /// <summary>The repository root: the folder holding Mercato.slnx.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>
    /// <c>../shared</c> beside the repository root; where that is absent (a checkout elsewhere), the folder
    /// <c>MERCATO_REFERENCE_DATA</c> names; null when there is neither.
    /// </summary>
    public static string? SharedFolder =>
        Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared")) is var shared && Directory.Exists(shared) ? shared
        : Folder is { } folder && Directory.Exists(folder) ? folder
        : null;

    internal static ReferenceDataSet Current => s_current.Value;

    private static string? Locate()
    {
        if (Environment.GetEnvironmentVariable(ReferenceDataOptions.Variable) is { Length: > 0 } variable)
        {
            return Path.GetFullPath(variable);
        }

        var beside = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));
        return Directory.Exists(beside) ? beside : null;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mercato.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Mercato.slnx above {AppContext.BaseDirectory}");
    }
}
