"""The edges: each channel turns its payloads into Inbound messages and sends Outbound ones."""
