using System.Security.Cryptography;
using Mercato.Server.Tests.Infrastructure;

namespace Mercato.Server.Tests.ReferenceData;

/// <summary>The repository carries only its authors' work: no file of the shared reference data may be copied into it.</summary>
public sealed class RepositoryContentTests
{
    private static readonly string[] SkippedFolders = ["bin", "obj", ".git", "TestResults", "node_modules"];

    [SkippableFact]
    public void No_file_under_the_shared_folder_is_byte_identical_to_a_file_in_the_repository()
    {
        var shared = TestReferenceData.SharedFolder;
        Skip.If(shared is null, $"no shared folder beside the repository ({Path.Combine(TestReferenceData.RepositoryRoot, "..", "shared")}); nothing to compare");

        Directory.EnumerateFiles(shared, "*", SearchOption.AllDirectories).ShouldNotBeEmpty();
        FindCopies(shared, TestReferenceData.RepositoryRoot).ShouldBeEmpty();
    }

    [Fact]
    public void The_comparison_finds_a_copy_under_another_name_and_ignores_a_changed_one()
    {
        var root = Directory.CreateTempSubdirectory("mercato-copies-").FullName;
        try
        {
            var shared = Directory.CreateDirectory(Path.Combine(root, "shared", "data")).FullName;
            var repo = Directory.CreateDirectory(Path.Combine(root, "repo", "src", "Data")).FullName;
            File.WriteAllText(Path.Combine(shared, "zips.csv"), "zipcode,latitude,longitude\n02134,42.35,-71.13\n");
            File.WriteAllText(Path.Combine(shared, "cars.csv"), "year,make,model\n2020,Toyota,Camry\n");
            File.Copy(Path.Combine(shared, "zips.csv"), Path.Combine(repo, "postal.csv"));
            File.WriteAllText(Path.Combine(repo, "cars.csv"), "year,make,model\n2020,Toyota,Corolla\n");
            Directory.CreateDirectory(Path.Combine(root, "repo", "bin"));
            File.Copy(Path.Combine(shared, "cars.csv"), Path.Combine(root, "repo", "bin", "cars.csv")); // build output is not the repository

            FindCopies(Path.Combine(root, "shared"), Path.Combine(root, "repo"))
                .ShouldBe([(Path.Combine(shared, "zips.csv"), Path.Combine(repo, "postal.csv"))]);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    // Sizes first, so only files of a shared file's size are hashed.
    private static List<(string Shared, string Repository)> FindCopies(string sharedRoot, string repositoryRoot)
    {
        var shared = Directory.EnumerateFiles(sharedRoot, "*", SearchOption.AllDirectories)
            .Select(path => (Path: path, Length: new FileInfo(path).Length))
            .Where(f => f.Length > 0)
            .GroupBy(f => f.Length)
            .ToDictionary(g => g.Key, g => g.Select(f => (f.Path, Hash: Hash(f.Path))).ToArray());
        var copies = new List<(string, string)>();
        foreach (var file in RepositoryFiles(new DirectoryInfo(repositoryRoot)))
        {
            if (shared.TryGetValue(file.Length, out var candidates))
            {
                var hash = Hash(file.FullName);
                copies.AddRange(candidates.Where(c => c.Hash == hash).Select(c => (c.Path, file.FullName)));
            }
        }

        return copies;
    }

    private static IEnumerable<FileInfo> RepositoryFiles(DirectoryInfo directory)
    {
        foreach (var file in directory.EnumerateFiles())
        {
            yield return file;
        }

        foreach (var child in directory.EnumerateDirectories().Where(d => !SkippedFolders.Contains(d.Name)))
        {
            foreach (var file in RepositoryFiles(child))
            {
                yield return file;
            }
        }
    }

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }
}
