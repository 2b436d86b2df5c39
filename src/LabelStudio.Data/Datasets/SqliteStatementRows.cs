using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LabelStudio.Data.Datasets;

/// <summary>
/// A SQLite query's rows read from its statement directly: one native call per column read, and text handed out as the
/// UTF-8 bytes SQLite holds, where the provider's reader checks the column count and type on every access and decodes
/// every text into a new string. Values read the same as the provider reads them (integers, UTF-8 text, dates as the
/// text EF Core stores). Only prepared for a UTF-8 database and parameters it binds exactly as the provider does.
/// </summary>
internal sealed class SqliteStatementRows : IDbRowReader
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    private SqliteStatementRows(sqlite3 db, sqlite3_stmt statement)
    {
        _db = db;
        _statement = statement;
    }

    /// <summary>The command's statement prepared and bound, or null when the provider's reader must read it.</summary>
    public static SqliteStatementRows? TryPrepare(DbCommand command)
    {
        if (command.Connection is not SqliteConnection { Handle: { } db } connection) return null;
        foreach (DbParameter parameter in command.Parameters)
        {
            if (parameter.Value is not (null or DBNull or long or int or bool or string)) return null;
        }
        using (var encoding = connection.CreateCommand())
        {
            encoding.CommandText = "PRAGMA encoding";
            if (encoding.ExecuteScalar() as string != "UTF-8") return null;
        }
        Check(db, raw.sqlite3_prepare_v2(db, command.CommandText, out var statement));
        var rows = new SqliteStatementRows(db, statement);
        try
        {
            foreach (DbParameter parameter in command.Parameters) rows.Bind(parameter);
        }
        catch
        {
            rows.Dispose();
            throw;
        }
        return rows;
    }

    public bool Read()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW) return true;
        if (rc == raw.SQLITE_DONE) return false;
        Check(_db, rc);
        return false;
    }

    public int Ordinal(string column)
    {
        var count = raw.sqlite3_column_count(_statement);
        for (var pass = 0; pass < 2; pass++)
        {
            for (var i = 0; i < count; i++)
            {
                var name = raw.sqlite3_column_name(_statement, i).utf8_to_string();
                if (string.Equals(name, column, pass == 0 ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase)) return i;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(column), column, "The query has no such column.");
    }

    public bool IsNull(int ordinal) => raw.sqlite3_column_type(_statement, ordinal) == raw.SQLITE_NULL;

    public long Int64(int ordinal) => raw.sqlite3_column_int64(_statement, ordinal);

    public int Int32(int ordinal) => checked((int)raw.sqlite3_column_int64(_statement, ordinal));

    public bool Boolean(int ordinal) => raw.sqlite3_column_int64(_statement, ordinal) != 0;

    public string String(int ordinal) => Encoding.UTF8.GetString(raw.sqlite3_column_blob(_statement, ordinal));

    public ReadOnlySpan<byte> Utf8(int ordinal) => raw.sqlite3_column_blob(_statement, ordinal);

    /// <summary>A date stored as text, parsed as the provider parses it (EF Core stores dates as text on SQLite).</summary>
    public DateTime DateTime(int ordinal)
    {
        if (raw.sqlite3_column_type(_statement, ordinal) != raw.SQLITE_TEXT)
        {
            throw new InvalidDataException($"Column {ordinal} of the query holds a date that is not stored as text.");
        }
        var utf8 = raw.sqlite3_column_blob(_statement, ordinal);
        // Rows imported together share their time: the last one parsed is kept, and a repeat is not parsed again.
        if (_lastDateLength > 0 && utf8.SequenceEqual(_lastDate.AsSpan(0, _lastDateLength))) return _lastDateValue;
        Span<char> text = stackalloc char[Math.Min(utf8.Length, 64)];
        var value = utf8.Length <= 64
            ? System.DateTime.Parse(text[..Encoding.UTF8.GetChars(utf8, text)], CultureInfo.InvariantCulture)
            : System.DateTime.Parse(Encoding.UTF8.GetString(utf8), CultureInfo.InvariantCulture);
        if (utf8.Length <= _lastDate.Length)
        {
            utf8.CopyTo(_lastDate);
            _lastDateLength = utf8.Length;
            _lastDateValue = value;
        }
        return value;
    }

    private readonly byte[] _lastDate = new byte[64];
    private int _lastDateLength;
    private DateTime _lastDateValue;

    public void Dispose() => _statement.Dispose();

    private void Bind(DbParameter parameter)
    {
        var index = raw.sqlite3_bind_parameter_index(_statement, parameter.ParameterName);
        if (index == 0) index = raw.sqlite3_bind_parameter_index(_statement, "@" + parameter.ParameterName);
        if (index == 0) throw new InvalidOperationException($"The query has no parameter {parameter.ParameterName}.");
        var rc = parameter.Value switch
        {
            null or DBNull => raw.sqlite3_bind_null(_statement, index),
            long l => raw.sqlite3_bind_int64(_statement, index, l),
            int i => raw.sqlite3_bind_int64(_statement, index, i),
            bool b => raw.sqlite3_bind_int64(_statement, index, b ? 1 : 0),
            string s => raw.sqlite3_bind_text(_statement, index, s),
            var other => throw new NotSupportedException($"Parameter {parameter.ParameterName}: {other.GetType().Name} is not bound directly."),
        };
        Check(_db, rc);
    }

    private static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK) throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc);
    }
}
