using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using EmailPipeline.Api.Emails;
using EmailPipeline.Application.Emails;
using EmailPipeline.Application.Emails.SubmitEmails;
using EmailPipeline.Domain.Emails;
using EmailPipeline.TestCommon;
using Json.Schema;
using static EmailPipeline.Api.FunctionalTests.Requests;

namespace EmailPipeline.Api.FunctionalTests;

// The OpenAPI document is the contract: what its schema calls a valid request, the Api accepts. Its own example and
// cases generated around every rule (limits in code points, blank text in every kind of white space, the timestream
// as string and integer, at and past its bound, the alias) are held against the schema by a JSON Schema validator,
// and each one the schema accepts is sent: each gets 202. A bulk request is well formed whatever its emails hold, since
// each email is answered on its own: 202 in its results exactly when the single schema calls it valid.
public sealed partial class OperationsTests
{
    [Fact]
    public async Task EveryRequestTheSchemaCallsValid_IsAccepted_TheDocumentsOwnExampleFirst()
    {
        var document = await DocumentAsync();
        var schema = RequestSchema(document);
        var operation = document["paths"]!["/api/email"]!["post"]!;
        var example = operation["requestBody"]!["content"]!["application/json"]!["example"]!.AsObject();
        example["token"] = DevelopmentToken.Value;
        var bound = TimestreamBound(schema);
        var validator = JsonSchema.FromText(schema.ToJsonString());

        var cases = Cases(bound).Prepend((Name: "the document's example", Body: example.ToJsonString())).ToList();
        var valid = cases.Where(c => validator.Evaluate(JsonDocument.Parse(c.Body).RootElement).IsValid).ToList();
        var answers = new List<string>();
        foreach (var (name, body) in valid)
        {
            using var response = await _client.PostAsync("/api/email", JsonBody(body), Ct);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                answers.Add($"{name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
            }
        }

        Assert.Empty(answers);
        var exampleResult = validator.Evaluate(JsonDocument.Parse(example.ToJsonString()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(exampleResult.IsValid, $"the document's example is not valid by its schema: {JsonSerializer.Serialize(exampleResult)}\n{schema}");
        // The schema is not vacuous: it refuses what the Api refuses, blank text and a timestream too far ahead among them.
        Assert.True(valid.Count >= 20 && cases.Count - valid.Count >= 15, $"{valid.Count} of {cases.Count} cases valid");
        Assert.DoesNotContain(valid, c => c.Name.StartsWith("invalid:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ABulkRequestOfEveryCase_IsWellFormed_AndEachEmailIsAnsweredAsTheSingleSchemaJudgesIt()
    {
        var document = await DocumentAsync();
        var single = JsonSchema.FromText(RequestSchema(document).ToJsonString());
        var bulk = JsonSchema.FromText(RequestSchema(document, nameof(SubmitEmailsRequestSchema)).ToJsonString());
        var bound = TimestreamBound(RequestSchema(document));

        // The document's example first, then the email of every single-email case (null where it has none), at once.
        var emails = Cases(bound).Select(c => JsonNode.Parse(c.Body)!["data"]).Prepend(BulkExampleEmail(document)).ToList();
        var request = new JsonObject { ["emails"] = new JsonArray([.. emails.Select(e => e?.DeepClone())]), ["token"] = DevelopmentToken.Value };
        var expected = emails
            .Select(e => IsValid(single, new JsonObject { ["data"] = e?.DeepClone(), ["token"] = DevelopmentToken.Value }) ? 202 : 400)
            .ToList();
        Assert.InRange(emails.Count, 2, SubmitEmailsCommand.MaxEmails);
        Assert.True(IsValid(bulk, request), "the bulk schema refuses a request only for what the Api refuses it whole");

        using var response = await _client.PostAsync("/api/emails", JsonBody(request.ToJsonString()), Ct);

        Assert.Equal(HttpStatusCode.MultiStatus, response.StatusCode);
        Assert.Equal(expected, (await response.ReadJsonAsync()).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetInt32()));
        // Not vacuous: the single schema accepts the example and refuses what the Api refuses.
        Assert.Equal(202, expected[0]);
        Assert.True(expected.Count(s => s == 202) >= 20 && expected.Count(s => s == 400) >= 15, string.Join(",", expected));
    }

    [Fact]
    public async Task EveryBulkRequestTheSchemaRefuses_IsRefusedWhole()
    {
        var document = await DocumentAsync();
        var bulk = JsonSchema.FromText(RequestSchema(document, nameof(SubmitEmailsRequestSchema)).ToJsonString());
        var email = BulkExampleEmail(document);
        JsonNode Emails(int count) => new JsonArray([.. Enumerable.Range(0, count).Select(_ => email.DeepClone())]);
        var cases = new (string Name, JsonNode Body)[]
        {
            ("no emails", new JsonObject { ["emails"] = Emails(0), ["token"] = DevelopmentToken.Value }),
            ("one too many", new JsonObject { ["emails"] = Emails(SubmitEmailsCommand.MaxEmails + 1), ["token"] = DevelopmentToken.Value }),
            ("emails an object", new JsonObject { ["emails"] = email.DeepClone(), ["token"] = DevelopmentToken.Value }),
            ("emails missing", new JsonObject { ["token"] = DevelopmentToken.Value }),
            ("token missing", new JsonObject { ["emails"] = Emails(1) }),
            ("token a number", new JsonObject { ["emails"] = Emails(1), ["token"] = 42 }),
            ("the body an array", new JsonArray(Emails(1))),
        };

        foreach (var (name, body) in cases)
        {
            Assert.False(IsValid(bulk, body), name);
            using var response = await _client.PostAsync("/api/emails", JsonBody(body.ToJsonString()), Ct);
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, $"{name}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task TheBulkOperation_IsDescribedAsWritten_WithRetryAfterOnItsMultiStatus()
    {
        var operation = (await DocumentAsync())["paths"]!["/api/emails"]!["post"]!;

        Assert.Equal(EmailEndpoints.BulkSummary, (string?)operation["summary"]);
        Assert.Equal(EmailEndpoints.BulkDescription, (string?)operation["description"]);
        Assert.NotNull(operation["responses"]!["202"]!["content"]!["application/json"]);
        Assert.NotNull(operation["responses"]!["207"]!["headers"]!["Retry-After"]);
        foreach (var status in new[] { "400", "401", "413", "415", "503" })
        {
            Assert.NotNull(operation["responses"]![status]!["content"]!["application/problem+json"]);
        }
    }

    [Fact]
    public async Task TheDocument_HasNoServers_WhateverTheHostHeader()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Host = "evil.example";

        var text = await (await _client.SendAsync(request, Ct)).Content.ReadAsStringAsync(Ct);

        Assert.DoesNotContain("evil.example", text, StringComparison.OrdinalIgnoreCase);
        Assert.Null(JsonNode.Parse(text)!["servers"]);
    }

    [Fact]
    public async Task TheOperation_IsDescribedAsWritten_WithEveryProblemAndRetryAfter()
    {
        var operation = (await DocumentAsync())["paths"]!["/api/email"]!["post"]!;

        Assert.Equal(EmailEndpoints.Summary, (string?)operation["summary"]);
        Assert.Equal(EmailEndpoints.Description, (string?)operation["description"]);
        foreach (var status in new[] { "400", "401", "413", "415", "503" })
        {
            Assert.NotNull(operation["responses"]![status]!["content"]!["application/problem+json"]);
        }

        var retryAfter = operation["responses"]!["503"]!["headers"]!["Retry-After"]!;
        Assert.True((bool?)retryAfter["required"]);
        Assert.Equal("integer", (string?)retryAfter["schema"]!["type"]);
    }

    [Fact]
    public async Task TheHealthEndpoints_AreInTheDocument()
    {
        var paths = (await DocumentAsync())["paths"]!;

        foreach (var path in new[] { "/health", "/health/ready" })
        {
            var responses = paths[path]!["get"]!["responses"]!;
            Assert.NotNull(responses["200"]);
            Assert.NotNull(responses["503"]);
        }
    }

    [Fact]
    public async Task TheEmailSchema_SaysTextIsNotBlank_AndTheTimestreamIsDigitsOrAnInteger_WithItsAlias()
    {
        var email = EmailProperties(RequestSchema(await DocumentAsync()));

        foreach (var (name, limit) in new[] { (EmailDocument.SubjectName, (int?)EmailSubject.MaxLength), (EmailDocument.SenderName, EmailSender.MaxLength), (EmailDocument.ContentName, null) })
        {
            Assert.Equal(1, (int?)email[name]!["minLength"]);
            Assert.Equal(limit, (int?)email[name]!["maxLength"]);
            Assert.Equal(EmailSchema.NotBlank, (string?)email[name]!["pattern"]);
        }

        foreach (var name in new[] { EmailDocument.TimestreamName, EmailDocument.TimestampAliasName })
        {
            var forms = email[name]!["oneOf"]!.AsArray();
            Assert.Equal(["string", "integer"], forms.Select(f => (string?)f!["type"]));
            Assert.StartsWith("^0*(?:", (string?)forms[0]!["pattern"], StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(9L)]
    [InlineData(10L)]
    [InlineData(1693561101L)]
    [InlineData(1764547200L)]
    [InlineData(EmailTimestream.MaxSeconds)]
    public void TheBoundPattern_TakesExactlyTheNumbersUpToItsBound(long bound)
    {
        var pattern = new System.Text.RegularExpressions.Regex(DecimalPattern.UpTo(bound), System.Text.RegularExpressions.RegexOptions.ECMAScript);
        var around = new[] { 0L, 1, 9, 10, 99, 100, bound / 2, bound - 11, bound - 10, bound - 1, bound, bound + 1, bound + 9, bound + 10, bound * 10 }
            .Where(n => n >= 0);

        foreach (var number in around)
        {
            foreach (var text in new[] { number.ToString(CultureInfo.InvariantCulture), "00" + number.ToString(CultureInfo.InvariantCulture) })
            {
                Assert.True(pattern.IsMatch(text) == (number <= bound), $"{text} against {bound}");
            }
        }

        Assert.DoesNotMatch(pattern, string.Empty);
        Assert.DoesNotMatch(pattern, "1 ");
    }

    [Fact]
    public void TheNotBlankPattern_MatchesACharacter_ExactlyWhenItIsNotWhiteSpace()
    {
        foreach (var options in new[] { System.Text.RegularExpressions.RegexOptions.None, System.Text.RegularExpressions.RegexOptions.ECMAScript })
        {
            var pattern = new System.Text.RegularExpressions.Regex(EmailSchema.NotBlank, options);
            var wrong = Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c)
                .Where(c => pattern.IsMatch(c.ToString()) == char.IsWhiteSpace(c)).Select(c => $"U+{(int)c:X4}").ToList();
            Assert.Empty(wrong);
        }
    }

    private static bool IsValid(JsonSchema schema, JsonNode instance) =>
        schema.Evaluate(JsonDocument.Parse(instance.ToJsonString()).RootElement).IsValid;

    private async Task<JsonNode> DocumentAsync() => JsonNode.Parse(await _client.GetStringAsync("/openapi/v1.json", Ct))!;

    /// <summary>The request body's schema as a JSON Schema of its own: the document's components as its definitions.</summary>
    private static JsonNode RequestSchema(JsonNode document, string name = nameof(SubmitEmailRequestSchema))
    {
        var definitions = document["components"]!["schemas"]!.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        return JsonNode.Parse(
            $$"""{"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://emailpipeline.invalid/{{Guid.NewGuid():N}}","$ref":"#/$defs/{{name}}","$defs":{{definitions}}}""")!;
    }

    /// <summary>The email of the bulk operation's example.</summary>
    private static JsonNode BulkExampleEmail(JsonNode document) =>
        document["paths"]!["/api/emails"]!["post"]!["requestBody"]!["content"]!["application/json"]!["example"]!["emails"]![0]!;

    /// <summary>The latest timestream the single-email request schema takes, as its integer form's maximum.</summary>
    private static long TimestreamBound(JsonNode requestSchema) => long.Parse(
        EmailProperties(requestSchema)[EmailDocument.TimestreamName]!["oneOf"]!.AsArray().Single(s => (string?)s!["type"] == "integer")!["maximum"]!.ToString(),
        CultureInfo.InvariantCulture);

    /// <summary>The properties of the email schema: <c>data</c>'s, inline or referenced.</summary>
    private static JsonNode EmailProperties(JsonNode schema)
    {
        var definitions = schema["$defs"]!;
        var data = definitions[nameof(SubmitEmailRequestSchema)]!["properties"]!["data"]!;
        return ((string?)data["$ref"] is { } reference ? definitions[reference["#/$defs/".Length..]]! : data)["properties"]!;
    }

    /// <summary>
    /// Requests around every rule, one field changed from the sample at a time. Names starting "invalid:" are ones the
    /// Api refuses, so the schema must too.
    /// </summary>
    private static IEnumerable<(string Name, string Body)> Cases(long bound)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        IEnumerable<(string, JsonNode?)> Text(int? limit)
        {
            yield return ("one character", "x");
            yield return ("surrounded by spaces", " \t x \n");
            yield return ("a byte-order mark", "\uFEFF");
            yield return ("non-ASCII", "Grüße, 你好 😀");
            yield return ("invalid: empty", "");
            yield return ("invalid: spaces", "   ");
            yield return ("invalid: Unicode white space", "\u00A0\u2003\u3000\u2028");
            yield return ("invalid: next line", "\u0085");
            yield return ("invalid: a number", 42);
            if (limit is { } max)
            {
                yield return ("at the limit in code points", string.Concat(Enumerable.Repeat("😀", max)));
                yield return ("invalid: one past the limit", new string('x', max + 1));
            }
        }

        foreach (var (field, limit) in new[] { (EmailDocument.SubjectName, (int?)EmailSubject.MaxLength), (EmailDocument.SenderName, EmailSender.MaxLength), (EmailDocument.ContentName, null) })
        {
            foreach (var (name, value) in Text(limit))
            {
                yield return (Label(name, field), Sample(($"data.{field}", value)));
            }
        }

        var timestreams = new (string Name, JsonNode? Value)[]
        {
            ("leading zeros", "0001693561101"),
            ("zero", "0"),
            ("an integer", 1693561101),
            ("integer zero", 0),
            ("an hour ago", (now - 3600).ToString(CultureInfo.InvariantCulture)),
            ("23 h ahead", (now + (23 * 3600)).ToString(CultureInfo.InvariantCulture)),
            ("23 h ahead, an integer", now + (23 * 3600)),
            ("invalid: 25 h ahead", (now + (25 * 3600)).ToString(CultureInfo.InvariantCulture)),
            ("invalid: 25 h ahead, an integer", now + (25 * 3600)),
            ("invalid: past the document's bound", (bound + 3600).ToString(CultureInfo.InvariantCulture)),
            ("invalid: negative", "-1"),
            ("invalid: negative integer", -1),
            ("invalid: a fraction", "1693561101.5"),
            ("invalid: a fractional number", 1693561101.5),
            ("invalid: empty", ""),
            ("invalid: Arabic-Indic digits", "١٦٩٣٥٦١١٠١"),
            ("invalid: true", true),
        };
        foreach (var (name, value) in timestreams)
        {
            yield return (Label(name, EmailDocument.TimestreamName), Sample(($"data.{EmailDocument.TimestreamName}", value)));
        }

        yield return ("the alias alone", Sample(($"data.{EmailDocument.TimestreamName}", null), ($"data.{EmailDocument.TimestampAliasName}", "1693561101")));
        yield return ("the alias alone, an integer", Sample(($"data.{EmailDocument.TimestreamName}", null), ($"data.{EmailDocument.TimestampAliasName}", 1693561101)));
        yield return ("invalid: both, differing", Sample(($"data.{EmailDocument.TimestampAliasName}", "1693561102")));
        yield return ("invalid: neither", Sample(($"data.{EmailDocument.TimestreamName}", null)));
        yield return ("invalid: no data", Sample(("data", null)));
        yield return ("invalid: no token", Sample(("token", null)));
    }

    private static string Label(string name, string field) =>
        name.StartsWith("invalid: ", StringComparison.Ordinal) ? $"invalid: {field} {name["invalid: ".Length..]}" : $"{field} {name}";
}
