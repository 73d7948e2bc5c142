using Microsoft.Data.Sqlite;

// plain-sqlite FILE: lists the printers of a Batchivo SQLite database, as `batchivo catalog printer list --db FILE`
// does, with nothing but Microsoft.Data.Sqlite. The baseline of the console's cold-start benchmark.
if (args is not [var file])
{
    Console.Error.WriteLine("usage: plain-sqlite FILE");
    return 2;
}

using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly }.ToString());
connection.Open();
using var command = connection.CreateCommand();
command.CommandText = "SELECT Name, Model, MaterialSlots FROM Printers ORDER BY Name";
using var reader = command.ExecuteReader();
Console.WriteLine("Printer\tModel\tSlots");
while (reader.Read())
{
    Console.WriteLine($"{reader.GetString(0)}\t{reader.GetString(1)}\t{reader.GetInt32(2)}");
}

return 0;
