namespace EmailPipeline.TestCommon;

/// <summary>
/// The token of local runs and tests: the one in samples/sample-request.json and scripts/local.env. Code that needs
/// it reads it here.
/// </summary>
public static class DevelopmentToken
{
    public const string Value = "$DJISA<$#45ex3RtYr";
}
