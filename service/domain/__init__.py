"""Pure rules of the SEND statutory process: no Flask, no database, no clock."""
