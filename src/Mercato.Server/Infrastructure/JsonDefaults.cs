using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mercato.Server.Infrastructure;

/// <summary>How Mercato writes JSON everywhere: camelCase, nulls left out, enums as strings.</summary>
internal static class JsonDefaults
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Request bodies: unknown properties are errors, so a typo never silently drops a field.</summary>
    public static JsonSerializerOptions Strict { get; } = new(Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.MaxDepth = 32;
        return options;
    }
}
