using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EmailPipeline.TestCommon;

namespace EmailPipeline.Api.FunctionalTests;

/// <summary>
/// A corpus of malformed requests to <c>POST /api/email</c>, each sent to one shared Api. Every one must be refused
/// with a 4xx (the one SPEC.md fixes, where it fixes one) as RFC 9457 problem details, queue nothing, and neither
/// echo nor log the token.
/// </summary>
public sealed class MalformedRequestCorpusTests(MalformedRequestCorpusFixture api) : IClassFixture<MalformedRequestCorpusFixture>
{
    private const HttpStatusCode BadRequest = HttpStatusCode.BadRequest;
    private const HttpStatusCode Unauthorized = HttpStatusCode.Unauthorized;
    private const HttpStatusCode TooLarge = HttpStatusCode.RequestEntityTooLarge;
    private const HttpStatusCode Unsupported = HttpStatusCode.UnsupportedMediaType;
    private const HttpStatusCode NotAllowed = HttpStatusCode.MethodNotAllowed;

    private const int Limit = 256 * 1024;

    /// <summary>Stands for raw bytes that <see cref="WithBytes"/> puts into a body after it is encoded as UTF-8.</summary>
    private const string Marker = "@@BYTES@@";

    /// <summary>Where <see cref="Body"/> puts the <c>data</c> object it builds.</summary>
    private const string DataPlaceholder = "@@DATA@@";

    /// <summary>What would give the token away if it turned up in a response or a log line.</summary>
    private static readonly string[] Secrets = [DevelopmentToken.Value, DevelopmentToken.Value[1..6], DevelopmentToken.Value[^9..]];

    private static readonly Dictionary<string, MalformedRequest> Corpus = Build();

    public static TheoryData<string> Cases => new(Corpus.Keys);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Corpus_HoldsAtLeast80NamedRequests() =>
        Assert.True(Corpus.Count >= 80, $"The corpus holds only {Corpus.Count} requests.");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Submit_AMalformedRequest_IsAProblem_QueuesNothing_AndKeepsTheTokenSecret(string name)
    {
        var malformed = Corpus[name];
        var logsBefore = api.Logs.Entries.Count;
        var answeredBefore = api.Logs.Entries.Count(IsRequestLog);

        using var response = malformed.Raw is { } raw
            ? await RawHttp.SendAsync(api.Client.BaseAddress!, raw(), Ct)
            : await api.Client.SendAsync(malformed.Build!(), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        var queued = await api.CountNewMessagesAsync();
        await api.Logs.WaitForAsync(IsRequestLog, answeredBefore + 1, TimeSpan.FromSeconds(10));

        // Every check runs, so that one failure reports everything that is wrong with the answer.
        var failures = new List<string>();
        CheckProblem(malformed, response, body, failures);
        CheckNoSecret(response, body, api.Logs.Entries.Skip(logsBefore).ToList(), failures);
        if (queued != 0)
        {
            failures.Add($"{queued} message(s) were queued");
        }

        if (failures.Count > 0)
        {
            Assert.Fail($"""
                {name}: {string.Join("; ", failures)}.
                Answered {(int)response.StatusCode} {response.Content.Headers.ContentType}: {Shorten(body)}
                """);
        }
    }

    /// <summary>The one event the Api logs per request, once it has answered (by its event's name).</summary>
    private static bool IsRequestLog(LogEntry entry) => entry.EventId.Name is "Request" or "Accepted";

    private static void CheckProblem(MalformedRequest malformed, HttpResponseMessage response, string body, List<string> failures)
    {
        var status = (int)response.StatusCode;
        if (!malformed.Statuses.Contains(response.StatusCode))
        {
            var expected = string.Join(" or ", malformed.Statuses.Select(s => ((int)s).ToString(CultureInfo.InvariantCulture)));
            failures.Add($"expected {expected}, got {status}{(status >= 500 ? " (a client error must never be a 5xx)" : string.Empty)}");
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType != "application/problem+json")
        {
            failures.Add($"Content-Type is '{mediaType}', not application/problem+json");
        }

        JsonElement problem;
        try
        {
            using var document = JsonDocument.Parse(body);
            problem = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            failures.Add("the body is not JSON");
            return;
        }

        if (problem.ValueKind != JsonValueKind.Object)
        {
            failures.Add("the body is not a JSON object");
            return;
        }

        if (!problem.TryGetProperty("status", out var problemStatus) || problemStatus.ValueKind != JsonValueKind.Number ||
            !problemStatus.TryGetInt32(out var value) || value != status)
        {
            failures.Add("the problem's status is not the HTTP status");
        }

        if (!problem.TryGetProperty("title", out var title) || title.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(title.GetString()))
        {
            failures.Add("the problem has no title");
        }

        if (problem.TryGetProperty("type", out var type) && type.ValueKind != JsonValueKind.String)
        {
            failures.Add("the problem's type is not a string");
        }

        if (!problem.TryGetProperty("detail", out var detail) || detail.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(detail.GetString()))
        {
            failures.Add("the problem has no detail");
        }

        if (response.StatusCode == NotAllowed && !response.Content.Headers.Allow.Contains("POST"))
        {
            failures.Add("a 405 without Allow: POST");
        }

        if (malformed.ErrorPath is { } path && response.StatusCode == BadRequest &&
            !(problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object &&
              errors.TryGetProperty(path, out var messages) && messages.ValueKind == JsonValueKind.Array && messages.GetArrayLength() > 0))
        {
            failures.Add($"the problem's errors do not name '{path}'");
        }
    }

    private static void CheckNoSecret(HttpResponseMessage response, string body, List<LogEntry> logs, List<string> failures)
    {
        var headers = response.Headers.Concat(response.Content.Headers).SelectMany(h => h.Value.Select(v => $"{h.Key}: {v}")).ToList();
        foreach (var secret in Secrets)
        {
            if (body.Contains(secret, StringComparison.Ordinal))
            {
                failures.Add($"the body holds '{secret}'");
            }

            if (headers.FirstOrDefault(h => h.Contains(secret, StringComparison.Ordinal)) is { } header)
            {
                failures.Add($"the header '{header}' holds '{secret}'");
            }

            if (logs.FirstOrDefault(e => $"{e.Message} {e.Exception}".Contains(secret, StringComparison.Ordinal)) is { } log)
            {
                failures.Add($"the log line '{log}' holds '{secret}'");
            }
        }
    }

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "…";

    private static Dictionary<string, MalformedRequest> Build()
    {
        var corpus = new Dictionary<string, MalformedRequest>(StringComparer.Ordinal);
        foreach (var malformed in FieldTypes()
                     .Concat(DataShapes())
                     .Concat(Duplicates())
                     .Concat(Tokens())
                     .Concat(NotJson())
                     .Concat(Truncations())
                     .Concat(DeepNesting())
                     .Concat(InvalidUtf8())
                     .Concat(Timestreams())
                     .Concat(ContentTypes())
                     .Concat(ContentCodings())
                     .Concat(Sizes())
                     .Concat(ChunkedSizes())
                     .Concat(Methods())
                     .Concat(Accepts())
                     .Concat(OversizedAfterWriting()))
        {
            corpus.Add(malformed.Name, malformed); // throws on a name used twice
        }

        return corpus;
    }

    /// <summary>Each of the four fields as every JSON type but a string, and as strings that are blank.</summary>
    private static IEnumerable<MalformedRequest> FieldTypes()
    {
        (string Kind, string? Json)[] values =
        [
            ("a number", "42"),
            ("true", "true"),
            ("false", "false"),
            ("an array of the value", """["Happy new year!"]"""),
            ("an empty array", "[]"),
            ("an object holding the value", """{"value":"Happy new year!"}"""),
            ("an empty object", "{}"),
            ("null", "null"),
            ("missing", null),
            ("empty", "\"\""),
            ("spaces", "\"   \""),
            ("tabs and newlines", "\"\\t\\r\\n \""),
            ("Unicode spaces", "\"\\u00a0\\u2003\\u3000\""),
        ];
        string[] fields = ["email_subject", "email_sender", "email_timestream", "email_content"];
        foreach (var field in fields)
        {
            foreach (var (kind, json) in values)
            {
                if (field == "email_timestream" && json == "42")
                {
                    continue; // 42 is a Unix time (1970-01-01T00:00:42Z); timestreams have their own cases below
                }

                yield return JsonBody($"data.{field}: {kind}", Body(($"data.{field}", json)), BadRequest, $"data.{field}");
            }
        }

        yield return JsonBody("data.email_subject: 999 characters", Body(("data.email_subject", Quote(new string('s', 999)))),
            BadRequest, "data.email_subject");
        yield return JsonBody("data.email_sender: 321 code points (emoji)", Body(("data.email_sender", Quote(string.Concat(Enumerable.Repeat("😀", 321))))),
            BadRequest, "data.email_sender");
    }

    /// <summary><c>data</c> as anything but the email object, the email in the wrong place, and members twice.</summary>
    private static IEnumerable<MalformedRequest> DataShapes()
    {
        yield return JsonBody("data: missing", Body(("data", null)), BadRequest, "data");
        yield return JsonBody("data: null", Body(("data", "null")), BadRequest, "data");
        yield return JsonBody("data: a string", Body(("data", "\"the email\"")), BadRequest, "data");
        yield return JsonBody("data: the email encoded as a JSON string", Body(("data", Quote(Email()))), BadRequest, "data");
        yield return JsonBody("data: a number", Body(("data", "42")), BadRequest, "data");
        yield return JsonBody("data: true", Body(("data", "true")), BadRequest, "data");
        yield return JsonBody("data: an empty array", Body(("data", "[]")), BadRequest, "data");
        yield return JsonBody("data: an array holding the email", Body(("data", $"[{Email()}]")), BadRequest, "data");
        yield return JsonBody("data: an empty object", Body(("data", "{}")), BadRequest, "data.email_subject");
        yield return JsonBody("data: named Data", Body(("data", null), ("Data", Email())), BadRequest, "data");
        yield return JsonBody("data: the email's fields at the top level instead",
            Object([.. SampleEmail(), ("token", Quote(DevelopmentToken.Value))]), BadRequest, "data");
        yield return JsonBody("data: the fields flattened as data.email_subject and so on",
            Object([.. SampleEmail().Select(m => ($"data.{m.Name}", m.Json)), ("token", Quote(DevelopmentToken.Value))]), BadRequest, "data");
        yield return JsonBody("data: the request's data inside data", Body(("data", Object([("data", Email())]))), BadRequest, "data.email_subject");
        yield return JsonBody("data: the email one level deeper, under email", Body(("data", Object([("email", Email())]))), BadRequest, "data.email_subject");
        yield return JsonBody("data: every field wrapped as {\"value\": …}",
            Body(("data", Object([.. SampleEmail().Select(m => (m.Name, $$"""{"value":{{m.Json}}}"""))]))), BadRequest, "data.email_subject");
        yield return JsonBody("data: field names in camelCase",
            Body(("data", Object([.. SampleEmail().Select(m => (CamelCase(m.Name), m.Json))]))), BadRequest, "data.email_subject");
        yield return JsonBody("data: field names in upper case",
            Body(("data", Object([.. SampleEmail().Select(m => (m.Name.ToUpperInvariant(), m.Json))]))), BadRequest, "data.email_subject");
        yield return JsonBody("data: twice", Body()[..^1] + $",\"data\":{Email()}}}", BadRequest, "data");
        yield return JsonBody("data: email_subject twice",
            Body().Replace("{\"email_subject\":", "{\"email_subject\":\"first\",\"email_subject\":", StringComparison.Ordinal), BadRequest, "data.email_subject");
        yield return JsonBody("data: email_timestream twice, differing",
            Body().Replace("\"email_timestream\":", "\"email_timestream\":\"1693561100\",\"email_timestream\":", StringComparison.Ordinal), BadRequest, "data.email_timestream");
        yield return JsonBody("token: twice", Body()[..^1] + $",\"token\":{Quote(DevelopmentToken.Value)}}}", BadRequest, "token");
        yield return JsonBody("token: twice, the second wrong", Body()[..^1] + ",\"token\":\"wrong\"}", [BadRequest, Unauthorized]);
    }

    /// <summary>A member twice in one object, anywhere in the body: a 400 naming the member by its path.</summary>
    private static IEnumerable<MalformedRequest> Duplicates()
    {
        (string Name, string Body, string Path)[] cases =
        [
            ("data.email_sender twice, the same", Body().Replace("\"email_sender\":", "\"email_sender\":\"John doe\",\"email_sender\":", StringComparison.Ordinal), "data.email_sender"),
            ("data.email_content twice, far apart", Body().Replace("{\"email_subject\":", "{\"email_content\":\"x\",\"email_subject\":", StringComparison.Ordinal), "data.email_content"),
            ("data.email_timestamp twice", Body(("data.email_timestamp", "\"1693561101\"")).Replace("\"email_timestamp\":", "\"email_timestamp\":\"1\",\"email_timestamp\":", StringComparison.Ordinal), "data.email_timestamp"),
            ("data.email_sender twice, once escaped", Body().Replace("\"email_sender\":", "\"email_sender\":\"a\",\"email\\u005fsender\":", StringComparison.Ordinal), "data.email_sender"),
            ("an unknown member twice inside data", Body(("data.extra", "1")).Replace("\"extra\":1", "\"extra\":1,\"extra\":2", StringComparison.Ordinal), "data.extra"),
            ("an unknown member twice at the top", Body(("extra", "1")).Replace("\"extra\":1", "\"extra\":1,\"extra\":2", StringComparison.Ordinal), "extra"),
            ("a member twice in an unknown object", Body(("extra", "{\"a\":1,\"b\":2,\"a\":3}")), "extra.a"),
            ("a member twice in an object in an array", Body(("extra", "[1,{\"a\":1},{\"a\":1,\"a\":2}]")), "extra[2].a"),
            ("a member twice three levels down in data", Body(("data.extra", "{\"b\":{\"c\":[{\"d\":1,\"d\":1}]}}")), "data.extra.b.c[0].d"),
            ("a member with an odd name twice", Body(("extra", "{\"a b\":1,\"a b\":2}")), "extra[\"a b\"]"),
        ];
        foreach (var (name, body, path) in cases)
        {
            yield return JsonBody($"duplicates: {name}", body, BadRequest, path);
        }
    }

    /// <summary>A valid email with every way of not presenting the token: all are the same 401.</summary>
    private static IEnumerable<MalformedRequest> Tokens()
    {
        const string token = DevelopmentToken.Value;
        (string Name, string? Json)[] tokens =
        [
            ("missing", null),
            ("null", "null"),
            ("empty", "\"\""),
            ("a space", "\" \""),
            ("the number 12345", "12345"),
            ("the number -1", "-1"),
            ("the number 1.5", "1.5"),
            ("true", "true"),
            ("false", "false"),
            ("an array holding the token", $"[{Quote(token)}]"),
            ("an empty array", "[]"),
            ("an object holding the token", $"{{\"value\":{Quote(token)}}}"),
            ("an empty object", "{}"),
            ("wrong case (lower)", Quote(token.ToLowerInvariant())),
            ("wrong case (upper)", Quote(token.ToUpperInvariant())),
            ("a leading space", Quote(" " + token)),
            ("a trailing space", Quote(token + " ")),
            ("a trailing newline", Quote(token + "\n")),
            ("surrounded by tabs", Quote("\t" + token + "\t")),
            ("a trailing no-break space", Quote(token + "\u00a0")),
            ("a trailing NUL", Quote(token + "\0")),
            ("one character more at the end", Quote(token + "x")),
            ("one character more at the start", Quote("x" + token)),
            ("one character less", Quote(token[..^1])),
            ("the token twice", Quote(token + token)),
            ("with a Bearer prefix", Quote("Bearer " + token)),
            ("wrong", "\"wrong\""),
            ("200 KiB long", Quote(new string('x', 200 * 1024))),
            ("the token followed by 200 KiB", Quote(token + new string('x', 200 * 1024))),
        ];
        foreach (var (name, json) in tokens)
        {
            yield return JsonBody($"token: {name}", Body(("token", json)), Unauthorized);
        }

        yield return JsonBody("token: named Token", Body(("token", null), ("Token", Quote(token))), Unauthorized);
        yield return JsonBody("token: inside data", Body(("token", null), ("data.token", Quote(token))), Unauthorized);
        yield return JsonBody("token: in an envelope with the data", Object([("request", Body())]), Unauthorized);
        yield return JsonBody("token: member names in upper case", Object([("DATA", Email()), ("TOKEN", Quote(token))]), Unauthorized);
        yield return JsonBody("token: wrong, and data.email_sender blank", Body(("token", "\"wrong\""), ("data.email_sender", "\" \"")), Unauthorized);
        yield return JsonBody("token: missing, and data missing", Body(("token", null), ("data", null)), Unauthorized);
        yield return new MalformedRequest("token: only in an Authorization header", () =>
        {
            var request = Post(JsonContent(Body(("token", null))));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return request;
        }, [Unauthorized], null);
        yield return new MalformedRequest("token: only in the query string",
            () => Post(JsonContent(Body(("token", null))), "/api/email?token=" + Uri.EscapeDataString(token)), [Unauthorized], null);
    }

    /// <summary>Bodies declared as JSON that are not JSON, or not a JSON object.</summary>
    private static IEnumerable<MalformedRequest> NotJson()
    {
        (string Name, string Body)[] bodies =
        [
            ("empty", ""),
            ("whitespace only", " \r\n\t "),
            ("null", "null"),
            ("true", "true"),
            ("a number", "42"),
            ("a string", "\"a string\""),
            ("an empty array", "[]"),
            ("the request encoded as a JSON string", Quote(Body())),
            ("the request in an array", $"[{Body()}]"),
            ("plain text", "not json at all"),
            ("XML", $"<email><subject>Happy new year!</subject><token>{DevelopmentToken.Value.Replace("<", "&lt;", StringComparison.Ordinal)}</token></email>"),
            ("form-encoded text", $"data=hello&token={Uri.EscapeDataString(DevelopmentToken.Value)}"),
            ("single-quoted strings", Body().Replace('"', '\'')),
            ("unquoted member names", Body().Replace("\"data\":", "data:", StringComparison.Ordinal).Replace("\"token\":", "token:", StringComparison.Ordinal)),
            ("a trailing comma in the request", Body()[..^1] + ",}"),
            ("a trailing comma in data", Body().Replace("!!!\"}", "!!!\",}", StringComparison.Ordinal)),
            ("a line comment before the request", "// the email\n" + Body()),
            ("a block comment inside data", Body().Replace("{\"email_subject\"", "{/* first */\"email_subject\"", StringComparison.Ordinal)),
            ("NaN as the timestream", Body(("data.email_timestream", "NaN"))),
            ("Infinity as the timestream", Body(("data.email_timestream", "Infinity"))),
            ("a number with a leading zero", Body(("data.email_timestream", "01693561101"))),
            ("a number with a plus sign", Body(("data.email_timestream", "+1693561101"))),
            ("a hexadecimal number", Body(("data.email_timestream", "0x64F1C8ED"))),
            ("two objects", "{} {}"),
            ("the request twice", Body() + Body()),
            ("the request followed by garbage", Body() + "x"),
            ("a raw newline inside a string", Body(("data.email_subject", "\"Happy\nnew year!\""))),
            ("an invalid escape", Body(("data.email_subject", "\"Happy \\q new year!\""))),
            ("a \\u escape cut short", Body(("data.email_subject", "\"Happy \\u12 new year!\""))),
            ("a lone surrogate escape in a member name", Body(("\\ud800", "1"))),
            ("a lone surrogate escape in a member name inside data", Body(("data.\\udc00", "1"))),
        ];
        foreach (var (name, body) in bodies)
        {
            yield return JsonBody($"body: {name}", body, BadRequest, "$");
        }

        // Not Unicode text, so not a subject: the field's own problem, named by its path.
        yield return JsonBody("body: a lone surrogate escape in data.email_subject", Body(("data.email_subject", "\"Happy \\ud800 new year!\"")), BadRequest, "data.email_subject");

        // Not valid Unicode, so not a token: the Api may refuse it as either.
        yield return JsonBody("body: a lone surrogate escape in the token", Body(("token", "\"\\udc00\"")), [BadRequest, Unauthorized]);

        yield return Bytes("body: UTF-16 declared as application/json", Encoding.Unicode.GetBytes(Body()), "application/json", [BadRequest], "$");
        yield return Bytes("body: Latin-1 declared as UTF-8", Encoding.Latin1.GetBytes(Body(("data.email_subject", "\"Café\""))),
            "application/json; charset=utf-8", [BadRequest], "$");
    }

    /// <summary>The request cut short at points that leave the reader in different states.</summary>
    private static IEnumerable<MalformedRequest> Truncations()
    {
        var body = Body();
        string[] endings =
        [
            "{",
            "{\"da",
            "{\"data\"",
            "{\"data\":",
            "{\"data\":{",
            "{\"data\":{\"email_subject\":\"Happy new",
            "\"email_sender\":",
            "\"email_timestream\":\"16935",
            "Happy new year!!!\"",
            "Happy new year!!!\"}",
            "Happy new year!!!\"},",
            $"\"token\":\"{DevelopmentToken.Value[..6]}",
            $"\"token\":\"{DevelopmentToken.Value}\"",
        ];
        foreach (var ending in endings)
        {
            var end = body.IndexOf(ending, StringComparison.Ordinal) + ending.Length;
            yield return JsonBody($"truncated: after {ending}", body[..end], BadRequest, "$");
        }
    }

    /// <summary>10,000 levels of arrays and objects, alone and in each place a value can be.</summary>
    private static IEnumerable<MalformedRequest> DeepNesting()
    {
        const int depth = 10_000;
        var arrays = new string('[', depth) + new string(']', depth);
        var objects = string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);

        yield return JsonBody("nesting: 10,000 [ unclosed", new string('[', depth), BadRequest, "$");
        yield return JsonBody("nesting: 10,000 [ closed", arrays, BadRequest, "$");
        yield return JsonBody("nesting: 10,000 {\"a\": unclosed", string.Concat(Enumerable.Repeat("{\"a\":", depth)), BadRequest, "$");
        yield return JsonBody("nesting: 10,000 {\"a\": closed", objects, BadRequest, "$");
        yield return JsonBody("nesting: 10,000 [ in an unknown member", Body(("extra", arrays)), BadRequest, "$");
        yield return JsonBody("nesting: 10,000 {\"a\": in an unknown member", Body(("extra", objects)), BadRequest, "$");
        yield return JsonBody("nesting: 10,000 {\"a\": as data", Body(("data", objects)), BadRequest);
        yield return JsonBody("nesting: 10,000 [ as data.email_subject", Body(("data.email_subject", arrays)), BadRequest);
        yield return JsonBody("nesting: 10,000 {\"a\": in an unknown member of data", Body(("data.extra", objects)), BadRequest);
        yield return JsonBody("nesting: 10,000 [ as the token", Body(("token", arrays)), [BadRequest, Unauthorized]);
    }

    /// <summary>
    /// Byte sequences that are not UTF-8, in each place of a body that the Api reads or skips. JSON exchanged between
    /// systems must be UTF-8 (RFC 8259 §8.1), so a body holding them is not JSON: a 400, even where the bytes sit in
    /// a member the Api would otherwise ignore.
    /// </summary>
    private static IEnumerable<MalformedRequest> InvalidUtf8()
    {
        (string Name, byte[] Bytes)[] sequences =
        [
            ("0xFF", [0xFF]),
            ("0xC0 0xAF (an overlong /)", [0xC0, 0xAF]),
            ("0xED 0xA0 0x80 (an encoded surrogate)", [0xED, 0xA0, 0x80]),
            ("0xF4 0x90 0x80 0x80 (beyond U+10FFFF)", [0xF4, 0x90, 0x80, 0x80]),
            ("0x80 (a lone continuation byte)", [0x80]),
            ("0xE2 0x82 (a sequence cut short)", [0xE2, 0x82]),
            ("0xF8 0x88 0x80 0x80 0x80 (a five-byte form)", [0xF8, 0x88, 0x80, 0x80, 0x80]),
        ];
        foreach (var (name, bytes) in sequences)
        {
            yield return Utf8($"utf-8: {name} in data.email_subject", Body(("data.email_subject", $"\"Happy {Marker} new year!\"")), bytes, [BadRequest]);
        }

        (string Where, string Body, HttpStatusCode[] Statuses)[] places =
        [
            ("in data.email_content", Body(("data.email_content", $"\"{Marker}\"")), [BadRequest]),
            ("in the token", Body(("token", Quote(DevelopmentToken.Value)[..^1] + Marker + "\"")), [BadRequest, Unauthorized]),
            ("in a member name", Body(($"extra{Marker}", "1")), [BadRequest]),
            ("in an unknown member's value", Body(("extra", $"\"{Marker}\"")), [BadRequest]),
            ("in a member name inside data", Body(($"data.extra{Marker}", "1")), [BadRequest]),
            ("in an unknown member's value inside data", Body(("data.extra", $"\"{Marker}\"")), [BadRequest]),
            ("before the request", Marker + Body(), [BadRequest]),
            ("between members", Body().Replace(",\"token\"", $",{Marker}\"token\"", StringComparison.Ordinal), [BadRequest]),
        ];
        foreach (var (name, bytes) in sequences[..1].Concat(sequences[2..3]))
        {
            foreach (var (where, body, statuses) in places)
            {
                yield return Utf8($"utf-8: {name} {where}", body, bytes, statuses);
            }
        }
    }

    /// <summary>Timestreams (and the email_timestamp alias) that are not Unix times in whole seconds within 24 h from now.</summary>
    private static IEnumerable<MalformedRequest> Timestreams()
    {
        var dayAndAnHourAhead = DateTimeOffset.UtcNow.AddHours(25).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        (string Name, string Json)[] values =
        [
            ("\"-1\"", "\"-1\""),
            ("-1", "-1"),
            ("-1693561101", "-1693561101"),
            ("\"1693561101.5\"", "\"1693561101.5\""),
            ("1693561101.5", "1693561101.5"),
            ("\"1.693561101e9\"", "\"1.693561101e9\""),
            ("\"abc\"", "\"abc\""),
            ("\"next tuesday\"", "\"next tuesday\""),
            ("an ISO 8601 date", "\"2023-09-01T09:38:21Z\""),
            ("a leading space", "\" 1693561101\""),
            ("a trailing space", "\"1693561101 \""),
            ("a trailing newline", "\"1693561101\\n\""),
            ("a leading +", "\"+1693561101\""),
            ("hexadecimal", "\"0x64F1C8ED\""),
            ("full-width digits", "\"１６９３５６１１０１\""),
            ("Arabic-Indic digits", "\"١٦٩٣٥٦١١٠١\""),
            ("a trailing NUL", "\"1693561101\\u0000\""),
            ("digit separators", "\"1_693_561_101\""),
            ("thousands commas", "\"1,693,561,101\""),
            ("\"99999999999999999999\"", "\"99999999999999999999\""),
            ("99999999999999999999", "99999999999999999999"),
            ("one second past 9999-12-31 (string)", "\"253402300800\""),
            ("one second past 9999-12-31 (integer)", "253402300800"),
            ("1,000 digits", Quote(new string('9', 1000))),
            ("25 h ahead (string)", Quote(dayAndAnHourAhead)),
            ("25 h ahead (integer)", dayAndAnHourAhead),
        ];
        foreach (var (name, json) in values)
        {
            yield return JsonBody($"timestream: {name}", Body(("data.email_timestream", json)), BadRequest, "data.email_timestream");
        }

        var aliasValues = values.Where(v => v.Name is "\"-1\"" or "1693561101.5" or "\"abc\"" or "a leading space" or "a leading +" or "25 h ahead (string)")
            .Append(("true", "true"))
            .Append(("an empty array", "[]"))
            .Append(("empty", "\"\""));
        foreach (var (name, json) in aliasValues)
        {
            yield return JsonBody($"timestamp alias alone: {name}", Body(("data.email_timestream", null), ("data.email_timestamp", json)),
                BadRequest, "data.email_timestamp");
        }

        yield return JsonBody("timestamp alias: differs from the timestream", Body(("data.email_timestamp", "\"1693561102\"")),
            BadRequest, "data.email_timestamp");
        yield return JsonBody("timestamp alias: valid, but the timestream is not", Body(("data.email_timestream", "\"abc\""), ("data.email_timestamp", "\"1693561101\"")),
            BadRequest, "data.email_timestream");
        yield return JsonBody("timestamp alias: invalid beside a valid timestream", Body(("data.email_timestamp", "\"abc\"")),
            BadRequest, "data.email_timestamp");
        yield return JsonBody("timestamp alias: null, and the timestream missing", Body(("data.email_timestream", null), ("data.email_timestamp", "null")),
            BadRequest, "data.email_timestream");
        yield return JsonBody("timestamp alias: null, and the timestream null", Body(("data.email_timestream", "null"), ("data.email_timestamp", "null")),
            BadRequest, "data.email_timestream");
        yield return JsonBody("timestamp alias: null beside a valid timestream", Body(("data.email_timestamp", "null")),
            BadRequest, "data.email_timestamp");
        yield return JsonBody("timestream: null beside a valid alias", Body(("data.email_timestream", "null"), ("data.email_timestamp", "\"1693561101\"")),
            BadRequest, "data.email_timestream");
    }

    /// <summary>The sample request itself, not declared as UTF-8 JSON.</summary>
    private static IEnumerable<MalformedRequest> ContentTypes()
    {
        string[] types =
        [
            "text/plain",
            "text/json",
            "text/html",
            "application/javascript",
            "application/octet-stream",
            "application/x-json",
            "application/json; charset=iso-8859-1",
            "application/json; charset=utf-16",
            "json",
            "*/*",
            "application/json; charset=\"iso-8859-1\"",
            "application/json; charset=\"utf-16\"",
            "application/json; charset=utf-8; charset=iso-8859-1",
            "application/json; charset=iso-8859-1; charset=utf-8",
            "application/json; charset=",
            "application/json; charset=\"\"",
            "application/json; charset=utf8",
            "application/json; charset=\"utf-8",
            "application/json charset=utf-8",
            "application/json, text/plain",
            "application/jsonx",
            "application/json-patch",
        ];
        foreach (var type in types)
        {
            yield return Bytes($"content-type: {type}", Encoding.UTF8.GetBytes(Body()), type, [Unsupported]);
        }

        yield return Bytes("content-type: none", Encoding.UTF8.GetBytes(Body()), contentType: null, [Unsupported]);
        yield return Bytes("content-type: application/json; charset=utf-16, with a UTF-16 body",
            Encoding.Unicode.GetBytes(Body()), "application/json; charset=utf-16", [Unsupported]);
        yield return Bytes("content-type: application/xml, with an XML body",
            Encoding.UTF8.GetBytes("<email><subject>Happy new year!</subject></email>"), "application/xml", [Unsupported]);
        yield return new MalformedRequest("content-type: application/x-www-form-urlencoded, with a form", () => Post(new FormUrlEncodedContent(
            [new("data", Email()), new("token", DevelopmentToken.Value)])), [Unsupported], null);
        yield return new MalformedRequest("content-type: multipart/form-data, with parts", () => Post(new MultipartFormDataContent
        {
            { new StringContent(Email(), Encoding.UTF8, "application/json"), "data" },
            { new StringContent(DevelopmentToken.Value), "token" },
        }), [Unsupported], null);
    }

    /// <summary>
    /// Bodies in a content coding: one the Api does not decode (415), data that is not what its coding says (400), and
    /// bodies that decode to more than 256 KiB (413), a gzip bomb among them.
    /// </summary>
    private static IEnumerable<MalformedRequest> ContentCodings()
    {
        var sample = Encoding.UTF8.GetBytes(Body());
        (string Coding, byte[] Body)[] unsupported =
        [
            ("deflate", Compressed(sample, s => new ZLibStream(s, CompressionLevel.Fastest))),
            ("compress", sample),
            ("zstd", sample),
            ("identity, gzip", Compressed(sample, s => new GZipStream(s, CompressionLevel.Fastest))),
            ("gzip, gzip", Compressed(Compressed(sample, s => new GZipStream(s, CompressionLevel.Fastest)), s => new GZipStream(s, CompressionLevel.Fastest))),
            ("gzip;q=1", Compressed(sample, s => new GZipStream(s, CompressionLevel.Fastest))),
            ("utf-8", sample),
        ];
        foreach (var (coding, body) in unsupported)
        {
            yield return Coded($"content-encoding: {coding}", body, coding, [Unsupported]);
        }

        yield return Coded("content-encoding: gzip, on a body that is not", sample, "gzip", [BadRequest], "$");
        yield return Coded("content-encoding: br, on a body that is not", sample, "br", [BadRequest], "$");
        yield return Coded("content-encoding: gzip, cut short", Compressed(sample, s => new GZipStream(s, CompressionLevel.Fastest))[..40], "gzip", [BadRequest], "$");
        yield return Coded("content-encoding: gzip, of something that is not JSON", Compressed("not json"u8.ToArray(), s => new GZipStream(s, CompressionLevel.Fastest)),
            "gzip", [BadRequest], "$");
        yield return Coded("content-encoding: gzip, of a request with data.email_sender blank", Compressed(Encoding.UTF8.GetBytes(Body(("data.email_sender", "\" \""))),
            s => new GZipStream(s, CompressionLevel.Fastest)), "gzip", [BadRequest], "data.email_sender");
        var overLimit = Encoding.UTF8.GetBytes(Pad(Body(), Limit + 1));
        yield return Coded("content-encoding: gzip, 256 KiB + 1 once decoded", Compressed(overLimit, s => new GZipStream(s, CompressionLevel.Optimal)), "gzip", [TooLarge]);
        yield return Coded("content-encoding: br, 256 KiB + 1 once decoded", Compressed(overLimit, s => new BrotliStream(s, CompressionLevel.Optimal)), "br", [TooLarge]);
        // 1 GiB of spaces after the request: about a megabyte on the wire; refused once 256 KiB of it are decoded.
        yield return new MalformedRequest("content-encoding: gzip, a bomb of 1 GiB", () => Post(Bomb()), [TooLarge], null);
    }

    /// <summary>Bodies just over the 256 KiB limit, however they are made up.</summary>
    private static IEnumerable<MalformedRequest> Sizes()
    {
        yield return JsonBody("size: the request padded with whitespace to 256 KiB + 1", Pad(Body(), Limit + 1), TooLarge);
        yield return JsonBody("size: 256 KiB + 1 with a long email_content",
            Body(("data.email_content", Quote(new string('c', Limit + 1 - Body(("data.email_content", "\"\"")).Length)))), TooLarge);
        yield return new MalformedRequest("size: 256 KiB + 1, chunked (no Content-Length)", () =>
        {
            var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Pad(Body(), Limit + 1))));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return Post(content);
        }, [TooLarge], null);
        yield return JsonBody("size: 1 MiB of [", new string('[', 1024 * 1024), TooLarge);
        yield return JsonBody("size: a 300 KiB token", Body(("token", Quote(new string('x', 300 * 1024)))), TooLarge);
        yield return JsonBody("size: a 300 KiB token, padded after the real one", Body(("token", Quote(DevelopmentToken.Value + new string(' ', 300 * 1024)))), TooLarge);
        yield return Bytes("size: 256 KiB + 1 of text/plain", Encoding.UTF8.GetBytes(Pad(Body(), Limit + 1)), "text/plain", [TooLarge, Unsupported]);
    }

    /// <summary>
    /// Chunked bodies, sent as raw bytes: the limit counts the body's bytes, never the chunk framing, however the body
    /// is cut up. (At exactly 256 KiB they are accepted: <see cref="HttpConformanceTests"/>.)
    /// </summary>
    private static IEnumerable<MalformedRequest> ChunkedSizes()
    {
        var overLimit = Encoding.UTF8.GetBytes(Pad(Body(), Limit + 1));
        foreach (var chunk in new[] { Limit + 1, 64 * 1024, 4096, 1 })
        {
            yield return Raw($"chunked: 256 KiB + 1 in chunks of {chunk} bytes", "POST", ["Content-Type: application/json", "Transfer-Encoding: chunked"],
                RawHttp.Chunked(overLimit, chunk), [TooLarge]);
        }

        yield return Raw("chunked: 256 KiB + 1, with chunk extensions", "POST", ["Content-Type: application/json", "Transfer-Encoding: chunked"],
            Encoding.ASCII.GetBytes(Encoding.Latin1.GetString(RawHttp.Chunked(overLimit, 8192)).Replace("000\r\n", "000;name=value\r\n", StringComparison.Ordinal)),
            [TooLarge]);
        yield return Raw("chunked: a chunk size that is not hexadecimal", "POST", ["Content-Type: application/json", "Transfer-Encoding: chunked"],
            [.. "zz\r\n"u8, .. Encoding.UTF8.GetBytes(Body()), .. "\r\n0\r\n\r\n"u8], [BadRequest]);
        yield return Raw("chunked: the request in chunks, and garbage where a chunk's end should be", "POST", ["Content-Type: application/json", "Transfer-Encoding: chunked"],
            [.. RawHttp.Chunked(Encoding.UTF8.GetBytes(Body()), 16)[..^7], .. "xx0\r\n\r\n"u8], [BadRequest]);
    }

    /// <summary>
    /// The sample sent with a method the route does not take: 405 with Allow. Methods are case-sensitive (RFC 9110
    /// §9.1): <c>post</c> is not POST. Sent as raw bytes, since an HttpClient writes a known method in upper case.
    /// </summary>
    private static IEnumerable<MalformedRequest> Methods()
    {
        var body = Encoding.UTF8.GetBytes(Body());
        foreach (var method in new[] { "post", "Post", "pOST", "GET", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT", "FOO", "POSTS", "M-POST" })
        {
            yield return Raw($"method: {method}", method, ["Content-Type: application/json", $"Content-Length: {body.Length}"], body, [NotAllowed]);
        }
    }

    /// <summary>Requests that ask for anything but JSON: problems are problem+json all the same (RFC 9110 §12.5.1).</summary>
    private static IEnumerable<MalformedRequest> Accepts()
    {
        foreach (var accept in new[] { "text/html", "application/xml", "text/plain;q=1, */*;q=0", "image/*", "nonsense" })
        {
            yield return new MalformedRequest($"accept: {accept}, with data.email_sender blank", () =>
            {
                var request = Post(JsonContent(Body(("data.email_sender", "\" \""))));
                request.Headers.TryAddWithoutValidation("Accept", accept);
                return request;
            }, [BadRequest], "data.email_sender");
        }

        yield return new MalformedRequest("accept: text/html, with no token", () =>
        {
            var request = Post(JsonContent(Body(("token", null))));
            request.Headers.TryAddWithoutValidation("Accept", "text/html");
            return request;
        }, [Unauthorized], null);
    }

    /// <summary>
    /// Requests within 256 KiB whose queue message would not be: U+FFFF (three bytes in a request, six in a message, as
    /// SQS does not take it), or a request so close to the limit that the message's attributes tip it over.
    /// </summary>
    private static IEnumerable<MalformedRequest> OversizedAfterWriting()
    {
        var shell = Encoding.UTF8.GetByteCount(Body(("data.email_content", "\"\"")));
        yield return JsonBody("queue size: 256 KiB of U+FFFF, 512 KiB in a message", Body(("data.email_content", $"\"{new string('\uFFFF', (Limit - shell) / 3)}\"")), TooLarge);
        yield return JsonBody("queue size: a request of exactly 256 KiB, its message over 262,144 bytes once the attributes are counted", Body(("data.email_content", Quote(new string('c', Limit - shell)))), TooLarge);
    }

    private static string Pad(string body, int bytes) => body + new string(' ', bytes - Encoding.UTF8.GetByteCount(body));

    private static byte[] Compressed(byte[] body, Func<Stream, Stream> compressor)
    {
        using var compressed = new MemoryStream();
        using (var stream = compressor(compressed))
        {
            stream.Write(body);
        }

        return compressed.ToArray();
    }

    private static ByteArrayContent Bomb()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize))
        {
            gzip.Write(Encoding.UTF8.GetBytes(Body()[..^1]));
            var spaces = new byte[1024 * 1024];
            spaces.AsSpan().Fill((byte)' ');
            for (var i = 0; i < 1024; i++)
            {
                gzip.Write(spaces);
            }

            gzip.Write("}"u8);
        }

        var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add("gzip");
        return content;
    }

    /// <summary>The four members of the sample email, as raw JSON.</summary>
    private static List<(string Name, string Json)> SampleEmail() =>
    [
        ("email_subject", Quote("Happy new year!")),
        ("email_sender", Quote("John doe")),
        ("email_timestream", Quote("1693561101")),
        ("email_content", Quote("Just want to say... Happy new year!!!")),
    ];

    private static string Email() => Object(SampleEmail());

    /// <summary>
    /// The sample request as compact JSON, with members changed: each pair sets a member (<c>token</c>,
    /// <c>data.email_sender</c>, or a new name, added at the end of its object) to raw JSON text, written as given,
    /// or leaves it out (null). Raw text is what lets the corpus hold what no serializer would write.
    /// </summary>
    private static string Body(params (string Path, string? Json)[] changes)
    {
        var email = SampleEmail();
        List<(string Name, string Json)> request = [("data", DataPlaceholder), ("token", Quote(DevelopmentToken.Value))];
        foreach (var (path, json) in changes)
        {
            var (members, name) = path.StartsWith("data.", StringComparison.Ordinal) ? (email, path["data.".Length..]) : (request, path);
            var index = members.FindIndex(m => m.Name == name);
            if (json is null)
            {
                if (index >= 0)
                {
                    members.RemoveAt(index);
                }
            }
            else if (index >= 0)
            {
                members[index] = (name, json);
            }
            else
            {
                members.Add((name, json));
            }
        }

        return Object(request).Replace(DataPlaceholder, Object(email), StringComparison.Ordinal);
    }

    /// <summary>A JSON object of raw members; names are written as given (so they may hold escapes or markers).</summary>
    private static string Object(IEnumerable<(string Name, string Json)> members) =>
        "{" + string.Join(",", members.Select(m => $"\"{m.Name}\":{m.Json}")) + "}";

    private static string Quote(string value) => $"\"{JsonEncodedText.Encode(value)}\"";

    private static string CamelCase(string snake) =>
        string.Concat(snake.Split('_').Select((part, i) => i == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));

    /// <summary><paramref name="body"/> as UTF-8 with <paramref name="bytes"/> in place of <see cref="Marker"/>.</summary>
    private static byte[] WithBytes(string body, byte[] bytes)
    {
        var utf8 = Encoding.UTF8.GetBytes(body);
        var at = utf8.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Marker));
        return [.. utf8[..at], .. bytes, .. utf8[(at + Marker.Length)..]];
    }

    private static MalformedRequest JsonBody(string name, string body, HttpStatusCode status, string? errorPath = null) =>
        JsonBody(name, body, [status], errorPath);

    private static MalformedRequest JsonBody(string name, string body, HttpStatusCode[] statuses, string? errorPath = null) =>
        new(name, () => Post(JsonContent(body)), statuses, errorPath);

    private static MalformedRequest Utf8(string name, string body, byte[] bytes, HttpStatusCode[] statuses) =>
        Bytes(name, WithBytes(body, bytes), "application/json", statuses, statuses is [BadRequest] ? "$" : null);

    private static MalformedRequest Coded(string name, byte[] body, string coding, HttpStatusCode[] statuses, string? errorPath = null) =>
        new(name, () =>
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            content.Headers.TryAddWithoutValidation("Content-Encoding", coding);
            return Post(content);
        }, statuses, errorPath);

    private static MalformedRequest Raw(string name, string method, string[] headers, byte[] body, HttpStatusCode[] statuses) =>
        new(name, null, statuses, null, () => RawHttp.Request(method, "/api/email", headers, body));

    private static MalformedRequest Bytes(string name, byte[] body, string? contentType, HttpStatusCode[] statuses, string? errorPath = null) =>
        new(name, () =>
        {
            var content = new ByteArrayContent(body);
            if (contentType is not null)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }

            return Post(content);
        }, statuses, errorPath);

    private static StringContent JsonContent(string body) => new(body, Encoding.UTF8, "application/json");

    private static HttpRequestMessage Post(HttpContent content, string uri = "/api/email") =>
        new(HttpMethod.Post, uri) { Content = content };
}

/// <summary>
/// One request of the corpus: how to make it (as a request an HttpClient sends, or as the bytes sent on the
/// connection), the statuses it may be answered with, and, for a 400, a path its errors must name.
/// </summary>
internal sealed record MalformedRequest(
    string Name, Func<HttpRequestMessage>? Build, IReadOnlyList<HttpStatusCode> Statuses, string? ErrorPath, Func<byte[]>? Raw = null)
{
    public override string ToString() => Name;
}

/// <summary>
/// One Api on Kestrel, with a queue (taking 262,144-byte messages, as Terraform's does) and a token of its own,
/// shared by the whole corpus (whose cases run one at a time).
/// </summary>
public sealed class MalformedRequestCorpusFixture(MotoServer moto) : IAsyncLifetime
{
    private readonly AwsResources _aws = new(moto);
    private TestQueue _queue = null!;
    private int _queued;

    internal ApiFactory Api { get; private set; } = null!;

    internal HttpClient Client { get; private set; } = null!;

    internal CapturingLoggerProvider Logs => Api.Logs;

    public async ValueTask InitializeAsync()
    {
        (Api, _queue) = await ApiFactory.StartAsync(moto, _aws, maximumMessageSize: 262_144);
        // On Kestrel, not the in-memory test server: chunk framing, methods and size limits are the real server's.
        Api.UseKestrelOnLoopback();
        await Api.WaitUntilReadyAsync();
        Client = Api.CreateClient();
    }

    /// <summary>How many messages were queued since the last call: one SQS call, so each case can check its own.</summary>
    internal async Task<int> CountNewMessagesAsync()
    {
        var count = await _aws.CountMessagesAsync(_queue.Url);
        var added = count - _queued;
        _queued = count;
        return added;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Api.DisposeAsync();
        _aws.Dispose();
    }
}
