using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EmailPipeline.Api.Emails;

/// <summary>
/// Finds a member that appears twice in one object, anywhere in a JSON document: such a document says two things
/// about one field, and which one a reader keeps is a matter of chance (RFC 8259 §4; I-JSON, RFC 7493, forbids it).
/// Names are compared as decoded, so <c>"a"</c> and <c>"\u0061"</c> are the same member.
/// </summary>
internal static partial class DuplicateMembers
{
    /// <summary>Longer names are cut in a path: it is echoed to the client.</summary>
    private const int MaxNameInPath = 64;

    /// <summary>
    /// The path of the first member whose object already has one of that name, as validation errors name fields
    /// (<c>data.email_sender</c>, <c>items[2].id</c>, <c>data["odd name"]</c>), or null when there is none.
    /// </summary>
    /// <exception cref="JsonException">The document is not JSON.</exception>
    /// <exception cref="InvalidOperationException">A member name holds an escape that is not valid Unicode.</exception>
    public static string? Find(ReadOnlySequence<byte> json, JsonReaderOptions options)
    {
        var reader = new Utf8JsonReader(json, options);
        var scopes = new List<Scope>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    ElementStarts(scopes);
                    scopes.Add(new Scope(reader.TokenType == JsonTokenType.StartArray));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    scopes.RemoveAt(scopes.Count - 1);
                    break;
                case JsonTokenType.PropertyName:
                    if (!scopes[^1].Add(reader.GetString()!))
                    {
                        return PathOf(scopes);
                    }

                    break;
                default:
                    ElementStarts(scopes);
                    break;
            }
        }

        return null;
    }

    /// <summary>A value begins: in an array, it is the next element.</summary>
    private static void ElementStarts(List<Scope> scopes)
    {
        if (scopes is [.., { IsArray: true } array])
        {
            array.Index++;
        }
    }

    private static string PathOf(List<Scope> scopes)
    {
        var path = new StringBuilder();
        foreach (var scope in scopes)
        {
            if (scope.IsArray)
            {
                path.Append('[').Append(scope.Index).Append(']');
            }
            else if (IsPlainName(scope.Name!))
            {
                path.Append(path.Length == 0 ? string.Empty : ".").Append(scope.Name);
            }
            else
            {
                var name = scope.Name!.Length <= MaxNameInPath ? scope.Name : scope.Name[..MaxNameInPath] + "…";
                path.Append("[\"").Append(JsonEncodedText.Encode(name)).Append("\"]");
            }
        }

        return path.ToString();
    }

    [GeneratedRegex("^[A-Za-z_$][A-Za-z0-9_$-]{0,63}$")]
    private static partial Regex PlainName();

    private static bool IsPlainName(string name) => PlainName().IsMatch(name);

    /// <summary>An object (the names it has, and the one being read) or an array (the element being read).</summary>
    private sealed class Scope(bool isArray)
    {
        private HashSet<string>? _names;

        public bool IsArray { get; } = isArray;

        public int Index { get; set; } = -1;

        public string? Name { get; private set; }

        /// <summary>Records the member being read; false when the object already has one of that name.</summary>
        public bool Add(string name)
        {
            // Most objects are small: the set is made only for a second name.
            if (Name is null)
            {
                Name = name;
                return true;
            }

            _names ??= new HashSet<string>(StringComparer.Ordinal) { Name };
            Name = name;
            return _names.Add(name);
        }
    }
}
