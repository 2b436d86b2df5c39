using System.Data.Common;

namespace LabelStudio.Data.Common;

/// <summary>Named parameters for the prepared raw INSERTs of the bulk writers (imports, click feedback).</summary>
internal static class DbCommandParameters
{
    public static void Add(DbCommand command, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = DBNull.Value;
            command.Parameters.Add(parameter);
        }
    }

    // Parameters are looked up by name once per row; the collection's index keeps that cheap.
    public static void Set(DbCommand command, string name, object value) =>
        command.Parameters["@" + name].Value = value;
}
