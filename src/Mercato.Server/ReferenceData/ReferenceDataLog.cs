namespace Mercato.Server.ReferenceData;

internal static partial class ReferenceDataLog
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "Reference data: {Kind} from {Path} ({Count} rows)")]
    public static partial void FromFile(ILogger logger, string kind, string path, int count);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information,
        Message = "Reference data: built-in fallback ({Models} vehicle models, {Cities} cities, {Products} products); set Mercato:ReferenceData or MERCATO_REFERENCE_DATA to a reference folder for real data")]
    public static partial void BuiltIn(ILogger logger, int models, int cities, int products);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Reference data: {File} is not in {Folder}; {Kind} come from the built-in fallback")]
    public static partial void FileMissing(ILogger logger, string file, string folder, string kind);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Reference data: {Path} line {Line}: {Reason}; {Kind} come from the built-in fallback")]
    public static partial void FileMalformed(ILogger logger, string path, int line, string reason, string kind);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Reference data: cannot read {Path}: {Reason}; {Kind} come from the built-in fallback")]
    public static partial void FileUnreadable(ILogger logger, string path, string reason, string kind);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Warning, Message = "Reference data: the folder {Folder} does not exist; everything comes from the built-in fallback")]
    public static partial void FolderMissing(ILogger logger, string folder);
}
