"""The DfE SEN2 person-level return (issue 17 part 5): code lists (codes), the records built from a case's
facts and the validation (rules), and the CSV and XML files (output). Pure: no database here."""
