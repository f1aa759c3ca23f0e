using System.Text.Json;
using System.Text.Json.Serialization;
using EmailPipeline.Api.Emails;
using EmailPipeline.Api.Health;

namespace EmailPipeline.Api;

/// <summary>Source-generated JSON for what the Api writes: no reflection on the request path.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SubmitEmailResponse))]
[JsonSerializable(typeof(SubmitEmailRequestSchema))]
[JsonSerializable(typeof(LivenessStatus))]
[JsonSerializable(typeof(ReadinessStatus))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
