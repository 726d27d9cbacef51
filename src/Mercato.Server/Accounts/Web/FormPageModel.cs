using Mercato.Server.Tenancy;

namespace Mercato.Server.Accounts.Web;

/// <summary>One labelled input of a server-rendered form; <see cref="Error"/> is shown next to it and marks it invalid.</summary>
public sealed record FormField(string Name, string Label)
{
    public string Type { get; init; } = "text";

    public string? Value { get; init; }

    public string? Error { get; init; }

    public IReadOnlyList<(string Value, string Label)>? Options { get; init; }

    public string? Autocomplete { get; init; }

    public bool Required { get; init; }

    public string? Help { get; init; }

    public string? Pattern { get; init; }

    public string? Min { get; init; }

    public string? Max { get; init; }
}

/// <summary>A page that is one form: sign-in, sign-up, password reset, listing editor, API key form.</summary>
public sealed record FormPageModel(Tenant Tenant, string Title, string Action, IReadOnlyList<FormField> Fields, string Submit, string AntiforgeryField, string AntiforgeryToken)
{
    public string? Intro { get; init; }

    public string? Notice { get; init; }

    public string? Error { get; init; }

    public IReadOnlyList<(string Href, string Text)> Links { get; init; } = [];

    public IReadOnlyList<(string Name, string Value)> Hidden { get; init; } = [];

    public RenderNav Nav { get; init; } = RenderNav.Default;
}

/// <summary>What the header's navigation shows for the current visitor.</summary>
public sealed record RenderNav(string? UserName, bool Seller, bool Admin, string? AntiforgeryField = null, string? AntiforgeryToken = null)
{
    public static RenderNav Default { get; } = new(null, false, false);
}
