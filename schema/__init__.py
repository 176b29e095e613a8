"""The record model: pydantic classes are the single source of truth for what a record may hold."""

from .jurisdiction import Jurisdiction, Research, Resource
from .law import Instrument, Provision, section_id
from .evidence import Source, Verification

__all__ = ["Instrument", "Jurisdiction", "Provision", "Research", "Resource", "Source", "Verification", "section_id"]
