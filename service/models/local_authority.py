"""The 153 local authorities in England with duties under the Children and Families Act 2014 Part 3."""

from sqlmodel import Field, SQLModel


class LocalAuthority(SQLModel, table=True):
    __tablename__ = "local_authority"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    new_la_code: str = Field(max_length=9, unique=True, description="ONS code, e.g. E10000016")
    old_la_code: str = Field(max_length=3, unique=True, description="DfE code, e.g. 886")
    region: str = Field(max_length=50)
    ehc_plans_january_2025: int | None = Field(default=None, description="DfE published figure, for synthetic data")
    send_team_email: str | None = Field(default=None, max_length=320, description="where new requests are announced")
    council_name: str = Field(default="", max_length=120, description="the name it is known by: Kent County Council")
    send_team_phone: str = Field(default="", max_length=40)
    sendiass_name: str = Field(
        default="", max_length=200, description="the council's SEND information, advice and support service"
    )
    sendiass_url: str = Field(default="", max_length=300)
    sendiass_phone: str = Field(default="", max_length=40)
    mediation_adviser_name: str = Field(default="", max_length=200, description="the mediation adviser's service")
    mediation_adviser_email: str = Field(default="", max_length=320)
    mediation_adviser_phone: str = Field(default="", max_length=40)
    health_contact_name: str = Field(default="", max_length=200, description="the ICB's disagreement contact")
    health_contact_email: str = Field(default="", max_length=320)
    health_contact_phone: str = Field(default="", max_length=40)

    @property
    def display_name(self) -> str:
        """The name a family sees: the council's own ("Kent County Council"), or "<name> Council"."""
        return self.council_name or f"{self.name} Council"
