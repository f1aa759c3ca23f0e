using System.Text.Json;
using System.Text.Json.Serialization;
using EmailPipeline.Api.Emails;

namespace EmailPipeline.Api;

/// <summary>Source-generated JSON for what the Api writes: no reflection on the request path.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SubmitEmailResponse))]
[JsonSerializable(typeof(SubmitEmailRequestSchema))]
[JsonSerializable(typeof(SubmitEmailsResponse))]
[JsonSerializable(typeof(SubmitEmailsRequestSchema))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
