using System.Text.Json;
using System.Text.Json.Serialization;
using EmailPipeline.Consumer.Health;

namespace EmailPipeline.Consumer;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HealthStatus))]
internal sealed partial class ConsumerJsonContext : JsonSerializerContext;
