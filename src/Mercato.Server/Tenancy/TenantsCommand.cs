using System.CommandLine;
using System.Text.Json;
using Mercato.Server.Infrastructure;
using Mercato.Server.Infrastructure.Cli;

namespace Mercato.Server.Tenancy;

/// <summary><c>mercato tenants list | add | update</c>: marketplaces, their host names and branding.</summary>
internal static class TenantsCommand
{
    /// <param name="verticals">What a new vertical brings to a tenant (given by the caller, as Tenancy knows no catalog).</param>
    public static Command Create(CliGlobals globals, Func<Database, IVerticalSetup> verticals)
    {
        var o = new TenantOptions();
        var json = new Option<bool>("--json") { Description = "print the marketplaces as a JSON array" };
        var list = new Command("list", "list the marketplaces (the default)") { json };
        list.SetAction((result, _) => WithStoreAsync(globals, verticals, result, store => ListAsync(store, result.GetValue(json))));
        var add = new Command("add", "add a marketplace")
        {
            o.Slug, o.Name, o.Host, o.Currency, o.Verticals, o.DisplayName, o.PrimaryColor, o.AccentColor, o.LogoUrl,
        };
        add.SetAction((result, _) => WithStoreAsync(globals, verticals, result, store => AddAsync(result, o, store)));
        var slug = new Argument<string?>("slug") { Description = "the marketplace to change", Arity = ArgumentArity.ZeroOrOne };
        var update = new Command("update", "change a marketplace's name, host names, currency, verticals, branding or seller approval")
        {
            slug, o.Slug, o.Name, o.Host, o.AddHost, o.RemoveHost, o.Currency, o.Verticals, o.DisplayName, o.PrimaryColor, o.AccentColor, o.LogoUrl, o.SellerApproval,
        };
        update.SetAction((result, _) => WithStoreAsync(globals, verticals, result, store => UpdateAsync(result, o, result.GetValue(slug) ?? result.GetValue(o.Slug), store)));
        var command = new Command("tenants", "list, add or update marketplaces") { list, add, update };
        command.SetAction((result, _) => WithStoreAsync(globals, verticals, result, store => ListAsync(store, json: false)));
        return command;
    }

    private static async Task<int> WithStoreAsync(CliGlobals globals, Func<Database, IVerticalSetup> verticals, ParseResult result, Func<TenantStore, Task<int>> action)
    {
        await using var database = new Database(globals.ToDatabaseOptions(result));
        await new Migrator(database, TimeProvider.System).EnsureCurrentAsync(migrate: false);
        return await action(new TenantStore(database, TimeProvider.System, verticals(database)));
    }

    private static async Task<int> ListAsync(TenantStore store, bool json)
    {
        var tenants = await store.ListAsync();
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(
                tenants.Select(t => new { t.Slug, t.Name, currency = t.DefaultCurrency, t.Verticals, t.Hosts, t.SellerApproval, t.Branding }),
                JsonDefaults.Options));
            return ExitCodes.Ok;
        }

        foreach (var tenant in tenants)
        {
            Console.WriteLine($"{tenant.Slug,-20} {tenant.Name,-32} {tenant.DefaultCurrency}  {string.Join(",", tenant.Verticals),-26} {string.Join(" ", tenant.Hosts)}");
        }

        return ExitCodes.Ok;
    }

    private static async Task<int> AddAsync(ParseResult args, TenantOptions o, TenantStore store)
    {
        var slug = args.GetValue(o.Slug) ?? throw new CliUsageException("--slug is required");
        Check("--slug", TenantRules.CheckSlug(slug));
        var name = args.GetValue(o.Name) ?? throw new CliUsageException("--name is required");
        var hosts = Hosts(args.GetValue(o.Host) ?? []);
        var verticals = Verticals(args.GetValue(o.Verticals)) ?? VerticalNames.All;
        var currency = (args.GetValue(o.Currency) ?? "USD").ToUpperInvariant();
        Check("--currency", TenantRules.CheckCurrency(currency));
        var branding = Branding(args, o, TenantBranding.Default);
        if (await store.FindAsync(slug) is not null)
        {
            throw new StartupException($"tenant '{slug}' exists already; use 'mercato tenants update {slug}'");
        }

        await EnsureHostsFreeAsync(store, hosts, null);
        await store.CreateAsync(new TenantStore.NewTenant(slug, name.Trim(), hosts, currency, verticals, branding));
        Console.WriteLine($"added tenant {slug} ({string.Join(", ", verticals)}) serving {(hosts.Count == 0 ? "no host yet" : string.Join(", ", hosts))}");
        return ExitCodes.Ok;
    }

    private static async Task<int> UpdateAsync(ParseResult args, TenantOptions o, string? slug, TenantStore store)
    {
        if (slug is null)
        {
            throw new CliUsageException("say which tenant: 'mercato tenants update SLUG ...'");
        }

        var tenant = await store.FindAsync(slug) ?? throw new StartupException($"no tenant '{slug}'; 'mercato tenants list' shows them");
        var hosts = args.GetValue(o.Host) is { Length: > 0 } replace ? Hosts(replace) : tenant.Hosts.ToList();
        hosts.AddRange(Hosts(args.GetValue(o.AddHost) ?? []));
        var removed = Hosts(args.GetValue(o.RemoveHost) ?? []);
        hosts = hosts.Where(h => !removed.Contains(h)).Distinct().ToList();
        var currency = (args.GetValue(o.Currency) ?? tenant.DefaultCurrency).ToUpperInvariant();
        Check("--currency", TenantRules.CheckCurrency(currency));
        var verticals = Verticals(args.GetValue(o.Verticals)) is { } requested ? tenant.Verticals.Union(requested).ToList() : tenant.Verticals;
        await EnsureHostsFreeAsync(store, hosts, tenant.Id);
        var updated = tenant with
        {
            Name = args.GetValue(o.Name)?.Trim() ?? tenant.Name,
            DefaultCurrency = currency,
            Verticals = verticals,
            Branding = Branding(args, o, tenant.Branding),
            Hosts = hosts,
            SellerApproval = args.GetValue(o.SellerApproval) switch
            {
                null => tenant.SellerApproval,
                var value => value == "on",
            },
        };
        await store.UpdateAsync(updated);
        Console.WriteLine($"updated tenant {slug}: {updated.Name}, {updated.DefaultCurrency}, {string.Join(",", updated.Verticals)}, hosts {string.Join(" ", updated.Hosts)}, seller approval {(updated.SellerApproval ? "on" : "off")}");
        return ExitCodes.Ok;
    }

    private static List<string> Hosts(IEnumerable<string> raw)
    {
        var hosts = raw.Select(h => h.Trim().ToLowerInvariant()).ToList();
        foreach (var host in hosts)
        {
            Check("--host", TenantRules.CheckHost(host));
        }

        return hosts;
    }

    private static List<string>? Verticals(string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        var verticals = raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        Check("--verticals", verticals.Count == 0 ? "needs at least one vertical" : TenantRules.CheckVerticals(verticals));
        return verticals;
    }

    private static TenantBranding Branding(ParseResult args, TenantOptions o, TenantBranding current)
    {
        var branding = current with
        {
            DisplayName = args.GetValue(o.DisplayName) ?? current.DisplayName,
            PrimaryColor = args.GetValue(o.PrimaryColor) ?? current.PrimaryColor,
            AccentColor = args.GetValue(o.AccentColor) ?? current.AccentColor,
            LogoUrl = args.GetValue(o.LogoUrl) ?? current.LogoUrl,
        };
        Check("--primary-color", TenantRules.CheckColor(branding.PrimaryColor));
        Check("--accent-color", TenantRules.CheckColor(branding.AccentColor));
        Check("--logo-url", TenantRules.CheckLogoUrl(branding.LogoUrl));
        return branding;
    }

    private static async Task EnsureHostsFreeAsync(TenantStore store, IEnumerable<string> hosts, long? tenantId)
    {
        var taken = await store.HostsTakenAsync(hosts, tenantId);
        if (taken.Count > 0)
        {
            throw new StartupException($"host name(s) {string.Join(", ", taken)} already serve another tenant");
        }
    }

    private static void Check(string option, string? error)
    {
        if (error is not null)
        {
            throw new CliUsageException($"{option}: {error}");
        }
    }
}

/// <summary>The options of <c>tenants add</c> and <c>tenants update</c> (one instance may serve both commands).</summary>
internal sealed class TenantOptions
{
    public Option<string?> Slug { get; } = new("--slug") { Description = "tenant slug (add)", HelpName = "S" };

    public Option<string?> Name { get; } = new("--name") { Description = "marketplace name", HelpName = "N" };

    public Option<string[]> Host { get; } = new("--host") { Description = "host name served (repeat; on update replaces the list)", HelpName = "H", AllowMultipleArgumentsPerToken = false };

    public Option<string[]> AddHost { get; } = new("--add-host") { Description = "add a host name", HelpName = "H" };

    public Option<string[]> RemoveHost { get; } = new("--remove-host") { Description = "remove a host name", HelpName = "H" };

    public Option<string?> Currency { get; } = new("--currency") { Description = "default ISO 4217 currency (default USD)", HelpName = "CODE" };

    public Option<string?> Verticals { get; } = new("--verticals") { Description = "comma-separated: vehicles, wholesale, agents (default all)", HelpName = "LIST" };

    public Option<string?> DisplayName { get; } = new("--display-name") { Description = "branding: name shown in the header", HelpName = "N" };

    public Option<string?> PrimaryColor { get; } = new("--primary-color") { Description = "branding colour like #1f4ed8", HelpName = "HEX" };

    public Option<string?> AccentColor { get; } = new("--accent-color") { Description = "branding colour", HelpName = "HEX" };

    public Option<string?> LogoUrl { get; } = new("--logo-url") { Description = "branding logo", HelpName = "URL" };

    public Option<string?> SellerApproval { get; } = new Option<string?>("--seller-approval")
    {
        Description = "new sellers wait for approval before their listings show",
    }.AcceptOnlyFromAmong("on", "off");
}
