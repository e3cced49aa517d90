"""The memory: SQLite schema and migrations, repositories, directory import."""
