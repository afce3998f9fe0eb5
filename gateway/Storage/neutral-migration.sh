#!/usr/bin/env bash
# Makes migrations generated against SQLite (dotnet ef migrations add …) run on both providers: drops the SQLite column
# types so each provider maps the CLR type itself (long → INTEGER / bigint), and gives every SQLite autoincrement key
# PostgreSQL's identity annotation too. Usage: gateway/Storage/neutral-migration.sh <the room's Migrations folder>/*.cs
# (the migration, its .Designer.cs and the model snapshot). tests/Gateway.Tests/Storage/MigrationTests checks the result.
set -euo pipefail
for file in "$@"; do
  case "$file" in
    *.Designer.cs|*ModelSnapshot.cs)
      # The target model and snapshot too: PostgreSQL's SQL generator takes a column's type from the target model.
      perl -0pi -e 's/\s*\.HasColumnType\("[^"]*"\)//g' "$file"
      continue ;;
  esac
  sed -i -E 's/(old)?[Tt]ype: "[^"]*",[[:space:]]*//g' "$file"
  if grep -q 'Sqlite:Autoincrement' "$file" && ! grep -q 'Npgsql:ValueGenerationStrategy' "$file"; then
    sed -i -E 's/^([[:space:]]*)\.Annotation\("Sqlite:Autoincrement", true\)/\1.Annotation("Sqlite:Autoincrement", true)\n\1.Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)/' "$file"
  fi
  if grep -q 'NpgsqlValueGenerationStrategy\.' "$file" && ! grep -q 'using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;' "$file"; then
    # (The generated file may start with a byte-order mark: match the using anywhere on its line.)
    sed -i '0,/using Microsoft.EntityFrameworkCore.Migrations;/s//using Microsoft.EntityFrameworkCore.Migrations;\nusing Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;/' "$file"
  fi
done
