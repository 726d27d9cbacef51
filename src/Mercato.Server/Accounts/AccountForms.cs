namespace Mercato.Server.Accounts;

/// <summary>Form posts bind to settable properties so a missing field is null rather than a binding failure.</summary>
public sealed class SignInForm
{
    public string? Email { get; set; }

    public string? Password { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed class SignUpForm
{
    public string? Name { get; set; }

    public string? Email { get; set; }

    public string? Password { get; set; }

    public string? AccountType { get; set; }

    public string? Organisation { get; set; }

    public string? SellerKind { get; set; }

    public string? PostalCode { get; set; }
}

public sealed class ForgotForm
{
    public string? Email { get; set; }
}

public sealed class ResetForm
{
    public string? Token { get; set; }

    public string? Password { get; set; }
}
