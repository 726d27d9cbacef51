namespace Mercato.Search;

/// <summary>Identifies the Mercato search engine library.</summary>
public static class SearchEngineInfo
{
    /// <summary>The engine's name, as reported by the server's health and benchmark output.</summary>
    public const string Name = "Mercato.Search";
}
