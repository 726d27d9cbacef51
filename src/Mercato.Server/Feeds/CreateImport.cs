using System.Globalization;
using Mercato.Server.Accounts;
using Mercato.Server.Infrastructure;
using Mercato.Server.Jobs;
using Mercato.Server.Sellers;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Mercato.Server.Feeds;

/// <summary>
/// <c>POST /api/feeds/imports</c>: streams the upload to the uploads folder (never into memory), then creates the
/// import record and enqueues its job in one transaction, so an accepted import always runs and a refused one leaves nothing.
/// </summary>
internal static class CreateImport
{
    private static readonly string[] Flags = ["dryRun", "fullSync", "force", "allOrNothing"];

    /// <summary>A form field other than the file is a flag, a seller key, a URL or a mapping: 64 KB is plenty.</summary>
    private const int MaxFieldChars = 64 * 1024;

    public static async Task<Results<Accepted<FeedImport>, ProblemHttpResult>> HandleAsync(
        HttpRequest http, Tenant tenant, Caller caller, Database database, DatabaseOptions databaseOptions, FeedImportStore store, JobClient jobs,
        IOptions<FeedsOptions> options, CancellationToken cancellationToken)
    {
        var (record, problem) = await CreateAsync(http, tenant, caller, database, databaseOptions, store, jobs, options.Value, cancellationToken);
        return record is null
            ? problem!
            : TypedResults.Accepted(string.Create(CultureInfo.InvariantCulture, $"/api/feeds/imports/{record.Id}"), record);
    }

    /// <summary>
    /// Reads the multipart upload and creates the import. A browser session (no Authorization header) must send the
    /// antiforgery token as a form field before the file, like the dashboard's upload form does.
    /// </summary>
    public static async Task<(FeedImport? Record, ProblemHttpResult? Problem)> CreateAsync(
        HttpRequest http, Tenant tenant, Caller caller, Database database, DatabaseOptions databaseOptions, FeedImportStore store, JobClient jobs,
        FeedsOptions settings, CancellationToken cancellationToken)
    {
        if (!caller.IsAuthenticated)
        {
            return (null, Access.Unauthenticated());
        }

        var boundary = MediaTypeHeaderValue.TryParse(http.ContentType, out var type) && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            ? HeaderUtilities.RemoveQuotes(type.Boundary).Value : null;
        if (string.IsNullOrEmpty(boundary))
        {
            return (null, Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send multipart/form-data with a 'file' part or a 'url' field."));
        }

        var folder = settings.UploadDir ?? Path.Combine(Path.GetFullPath(databaseOptions.DataDir), "feeds", "uploads");
        Directory.CreateDirectory(folder);
        var stored = Path.Combine(folder, $"{Guid.CreateVersion7():N}.feed");
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        string? fileName = null;
        long bytes = 0;
        try
        {
            var reader = new MultipartReader(boundary, http.Body);
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (disposition.IsFileDisposition() && name == "file")
                {
                    fileName = HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? "upload";
                    bytes = await FeedFetcher.CopyLimitedAsync(section.Body, stored, settings.MaxUploadBytes, cancellationToken);
                }
                else if (!disposition.IsFileDisposition())
                {
                    using var text = new StreamReader(section.Body);
                    var buffer = new char[MaxFieldChars + 1];
                    var read = await text.ReadBlockAsync(buffer, cancellationToken);
                    if (read > MaxFieldChars)
                    {
                        throw new InvalidDataException($"the form field '{name}' is longer than {MaxFieldChars:N0} characters");
                    }

                    fields[name] = new string(buffer, 0, read).Trim();
                }
            }
        }
        catch (InvalidDataException exception)
        {
            File.Delete(stored);
            return (null, Problems.Status(StatusCodes.Status413PayloadTooLarge, "Feed too large", exception.Message));
        }

        if (http.Headers.Authorization.Count == 0 && !await AntiforgeryValidAsync(http, fields))
        {
            File.Delete(stored);
            return (null, Problems.Status(StatusCodes.Status400BadRequest, "Antiforgery token missing or invalid", "Reload the page and upload again."));
        }

        var errors = new Dictionary<string, string[]>();
        fields.TryGetValue("url", out var url);
        Uri? uri = null;
        if (fileName is null == url is null)
        {
            errors["file"] = ["send either a 'file' part or a 'url' field"];
        }
        else if (url is not null && FeedFetcher.CheckUrl(url, out uri) is { } urlError)
        {
            errors["url"] = [urlError];
        }

        var flags = new Dictionary<string, bool>();
        foreach (var flag in Flags)
        {
            flags[flag] = false;
            if (fields.TryGetValue(flag, out var raw) && !FeedValues.TryParseBoolean(raw, out var value))
            {
                errors[flag] = ["must be true or false"];
            }
            else if (raw is not null)
            {
                flags[flag] = FeedValues.TryParseBoolean(raw, out var parsed) && parsed;
            }
        }

        FeedMapping? mapping = null;
        if (fields.TryGetValue("mapping", out var mappingJson) && mappingJson.Length > 0)
        {
            mapping = FeedMapping.Parse(mappingJson, out var mappingError);
            if (mapping is null)
            {
                errors["mapping"] = [mappingError!];
            }
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        Seller? seller = null;
        if (fields.TryGetValue("seller", out var sellerKey) && sellerKey.Length > 0)
        {
            seller = await SellerStore.FindByExternalIdAsync(connection, null, tenant.Id, sellerKey);
            if (seller is null)
            {
                errors["seller"] = [$"'{sellerKey}' is not a seller of this marketplace"];
            }
        }

        if (errors.Count > 0)
        {
            File.Delete(stored);
            return (null, Problems.Validation(errors));
        }

        if (seller is null ? !caller.IsAdmin : !caller.CanManage(seller.Id))
        {
            File.Delete(stored);
            return (null, seller is null
                ? Problems.Status(StatusCodes.Status403Forbidden, "Administrators only", "Only administrators import feeds for many dealers (which may create sellers); name your seller in 'seller'.")
                : Access.AdminOnly());
        }

        var importOptions = new FeedImportOptions
        {
            SellerExternalId = seller?.ExternalId,
            Mapping = mapping?.ToJson(),
            DryRun = flags["dryRun"],
            FullSync = flags["fullSync"],
            Force = flags["force"],
            AllOrNothing = flags["allOrNothing"],
            Url = uri?.ToString(),
        };
        string? hash = null;
        if (fileName is not null)
        {
            (hash, bytes) = await FeedFile.HashAsync(stored, cancellationToken);
        }

        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        if (await store.ActiveCountAsync(connection, transaction, tenant.Id, seller?.Id) >= settings.MaxActiveImportsPerSeller)
        {
            await transaction.RollbackAsync(cancellationToken);
            File.Delete(stored);
            // When one finishes is unknown; a minute is a fair first retry for a client that honours the header.
            http.HttpContext.Response.Headers.RetryAfter = "60";
            return (null, Problems.Status(StatusCodes.Status429TooManyRequests, "Too many imports",
                string.Create(CultureInfo.InvariantCulture, $"{settings.MaxActiveImportsPerSeller} imports {(seller is null ? "without a seller" : $"of seller '{seller.ExternalId}'")} are already queued or running; send this one when one of them has finished.")));
        }

        var record = await store.CreateAsync(connection, transaction, tenant.Id, seller?.Id, caller.Name ?? "api", fileName ?? uri!.ToString(), stored,
            hash, fileName is null ? null : bytes, importOptions, FeedImportStatus.Queued);
        await jobs.EnqueueAsync(connection, transaction, FeedImportJob.Request(tenant.Id, record.Id), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (record, null);
    }

    /// <summary>Validates the token among the fields already read: the body is consumed, so the form is handed to antiforgery directly.</summary>
    private static async Task<bool> AntiforgeryValidAsync(HttpRequest http, Dictionary<string, string> fields)
    {
        http.HttpContext.Features.Set<Microsoft.AspNetCore.Http.Features.IFormFeature>(new Microsoft.AspNetCore.Http.Features.FormFeature(new FormCollection(fields.ToDictionary(f => f.Key, f => new Microsoft.Extensions.Primitives.StringValues(f.Value)))));
        return await http.HttpContext.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>().IsRequestValidAsync(http.HttpContext);
    }
}
