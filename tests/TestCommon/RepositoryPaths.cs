namespace EmailPipeline.TestCommon;

/// <summary>Where things are in the repository, found from the running test's own output folder.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder that holds EmailPipeline.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration the tests were built in (Debug, Release), which the hosts share.</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    /// <summary>
    /// The variable that names a folder of published hosts (<c>tools/ci/publish.sh OUT</c>): when it is set, the tests
    /// run the native executables the images ship, <c>OUT/api/EmailPipeline.Api</c> and
    /// <c>OUT/consumer/EmailPipeline.Consumer</c>, instead of the solution build's assemblies.
    /// </summary>
    public const string PublishedVariable = "EMAILPIPELINE_PUBLISHED";

    /// <summary>
    /// What runs a host: its published executable when <see cref="PublishedVariable"/> is set, else its built entry
    /// assembly, <c>src/{host}/bin/{Configuration}/net10.0/EmailPipeline.{host}.dll</c> (run with <c>dotnet</c>).
    /// </summary>
    public static string HostAssembly(string host)
    {
        var published = Environment.GetEnvironmentVariable(PublishedVariable);
        var path = string.IsNullOrEmpty(published)
            ? Path.Combine(Root, "src", host, "bin", Configuration, "net10.0", $"EmailPipeline.{host}.dll")
            : Path.GetFullPath(Path.Combine(published, host.ToLowerInvariant(), $"EmailPipeline.{host}"), Root);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                string.IsNullOrEmpty(published)
                    ? $"{host} is not built ({path}); build the solution first."
                    : $"{host} is not published ({path}); run tools/ci/publish.sh {published} first.",
                path);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EmailPipeline.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("EmailPipeline.sln not found above " + AppContext.BaseDirectory);
    }
}
