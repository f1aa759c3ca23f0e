namespace EmailPipeline.TestCommon;

/// <summary>Where things are in the repository, found from the running test's own output folder.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder that holds EmailPipeline.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration the tests were built in (Debug, Release), which the hosts share.</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    /// <summary>The built entry assembly of a host: <c>src/{host}/bin/{Configuration}/net10.0/EmailPipeline.{host}.dll</c>.</summary>
    public static string HostAssembly(string host)
    {
        var path = Path.Combine(Root, "src", host, "bin", Configuration, "net10.0", $"EmailPipeline.{host}.dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{host} is not built ({path}); build the solution first.", path);
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
