using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EmailPipeline.TestCommon;

namespace EmailPipeline.Api.FunctionalTests;

/// <summary>Request bodies: the assignment's sample, and ways to spoil it.</summary>
internal static class Requests
{
    public static readonly string SampleJson = $$"""
        {
          "data": {
            "email_subject": "Happy new year!",
            "email_sender": "John doe",
            "email_timestream": "1693561101",
            "email_content": "Just want to say... Happy new year!!!"
          },
          "token": "{{DevelopmentToken.Value}}"
        }
        """;

    public const string SampleQueueBody =
        """{"email_subject":"Happy new year!","email_sender":"John doe","email_timestream":"1693561101","email_content":"Just want to say... Happy new year!!!"}""";

    /// <summary>The sample with changes: each pair sets a path ("data.email_sender", "token") to a JSON value, or removes it (null).</summary>
    public static string Sample(params (string Path, JsonNode? Value)[] changes)
    {
        var root = JsonNode.Parse(SampleJson)!.AsObject();
        foreach (var (path, value) in changes)
        {
            var parts = path.Split('.');
            var parent = parts.Length == 1 ? root : root[parts[0]]!.AsObject();
            if (value is null)
            {
                parent.Remove(parts[^1]);
            }
            else
            {
                parent[parts[^1]] = value;
            }
        }

        return root.ToJsonString();
    }

    public static StringContent JsonBody(string body, string contentType = "application/json") =>
        new(body, Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType));

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
