namespace Mercato.Server.ReferenceData;

/// <summary>Why a reference file was not used: the line (1-based, as an editor counts) and what is wrong there.</summary>
internal sealed record ReferenceFileError(int Line, string Reason);
