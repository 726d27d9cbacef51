using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Mercato.Server.ReferenceData;

/// <summary>
/// The one place reference data is read: the configured folder, file by file, each falling back to the built-in
/// table when it is missing, unreadable or malformed (the log names the file and line). The log says where each
/// kind of data came from.
/// </summary>
internal static class ReferenceDataLoader
{
    private delegate bool Parser<T>(TextReader reader, out T? value, out ReferenceFileError? error);

    // Test hosts and CLI commands in one process read the same files many times; parse each version once.
    private static readonly ConcurrentDictionary<(string Path, long Length, DateTime Written), object> s_parsed = new();

    public static IServiceCollection AddReferenceData(this IServiceCollection services)
    {
        services.AddOptions<ReferenceDataOptions>()
            .Configure<IConfiguration>((options, configuration) => options.Folder = ReferenceDataOptions.FromConfiguration(configuration).Folder);
        services.AddSingleton(sp => Load(
            sp.GetRequiredService<IOptions<ReferenceDataOptions>>().Value, sp.GetRequiredService<ILogger<ReferenceDataSet>>()));
        return services;
    }

    /// <summary>
    /// For commands that run without the web host (generate, import, bench): the setting if the command line gave
    /// one, else the environment variable; where the data came from goes to standard error, as the host would log it.
    /// </summary>
    public static ReferenceDataSet LoadForCommand(IConfiguration? configuration = null)
    {
        using var factory = LoggerFactory.Create(logging => logging
            .AddSimpleConsole(console => console.SingleLine = true)
            .Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        return Load(
            ReferenceDataOptions.FromConfiguration(configuration ?? new ConfigurationBuilder().Build()),
            factory.CreateLogger<ReferenceDataSet>());
    }

    public static ReferenceDataSet Load(ReferenceDataOptions options, ILogger logger)
    {
        if (options.Folder is null)
        {
            var builtIn = ReferenceDataSet.BuiltIn;
            ReferenceDataLog.BuiltIn(logger, builtIn.Vehicles.Models.Count, builtIn.Cities.Count, builtIn.Products.Rows.Count);
            return builtIn;
        }

        var folder = Path.GetFullPath(options.Folder);
        if (!Directory.Exists(folder))
        {
            ReferenceDataLog.FolderMissing(logger, folder);
            return ReferenceDataSet.BuiltIn;
        }

        var vehicles = Read<CarModels>(folder, CarModels.FileName, "vehicle models", CarModels.TryParse, m => m.Rows, logger)
            ?? ReferenceDataSet.FallbackVehicles;
        var postalCodes = Read<PostalCodes>(folder, PostalCodes.FileName, "US postal codes", PostalCodes.TryParse, p => p.Count, logger)
            ?? ReferenceDataSet.FallbackPostalCodes;
        var products = Read<ProductSamples>(folder, ProductSamples.FileName, "product samples", ProductSamples.TryParse, p => p.Rows.Count, logger)
            ?? ReferenceDataSet.FallbackProducts;
        return new ReferenceDataSet(vehicles, postalCodes, products);
    }

    private static T? Read<T>(string folder, string file, string kind, Parser<T> parse, Func<T, int> count, ILogger logger)
        where T : class
    {
        var path = Path.Combine(folder, file);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                ReferenceDataLog.FileMissing(logger, file, folder, kind);
                return null;
            }

            var key = (path, info.Length, info.LastWriteTimeUtc);
            if (s_parsed.TryGetValue(key, out var cached) && cached is T known)
            {
                ReferenceDataLog.FromFile(logger, kind, path, count(known));
                return known;
            }

            using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
            if (!parse(reader, out var value, out var error))
            {
                ReferenceDataLog.FileMalformed(logger, path, error!.Line, error.Reason, kind);
                return null;
            }

            s_parsed[key] = value!;
            ReferenceDataLog.FromFile(logger, kind, path, count(value!));
            return value;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            ReferenceDataLog.FileUnreadable(logger, path, exception.Message, kind);
            return null;
        }
    }
}
