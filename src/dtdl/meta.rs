//! The DTDL v2/v3 metamodel as a hand-written table (derived from the official
//! `*ModelRDF-SHACL.json` files): element classes, their properties, value kinds,
//! cardinalities and limits. Pure data and lookups; no I/O.

/// A concrete (instantiable) DTDL element class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Class {
    Interface,
    Telemetry,
    Property,
    Command,
    Relationship,
    Component,
    CommandPayload,
    CommandRequest,
    CommandResponse,
    Array,
    Enum,
    EnumValue,
    Map,
    MapKey,
    MapValue,
    Object,
    Field,
}

impl Class {
    /// The class for a DTDL class name in the given language version, with whether it is
    /// abstract (or otherwise not instantiable in a model).
    pub fn from_name(name: &str, version: u8) -> Option<Result<Class, ()>> {
        use Class::*;
        let c = match name {
            "Interface" => Interface,
            "Telemetry" => Telemetry,
            "Property" => Property,
            "Command" => Command,
            "Relationship" => Relationship,
            "Component" => Component,
            "CommandPayload" if version == 2 => CommandPayload,
            "CommandRequest" if version >= 3 => CommandRequest,
            "CommandResponse" if version >= 3 => CommandResponse,
            "Array" => Array,
            "Enum" => Enum,
            "EnumValue" => EnumValue,
            "Map" => Map,
            "MapKey" => MapKey,
            "MapValue" => MapValue,
            "Object" => Object,
            "Field" => Field,
            "Entity" | "NamedEntity" | "SchemaField" | "Schema" | "PrimitiveSchema"
            | "ComplexSchema" | "NumericSchema" | "TemporalSchema" | "Content" | "Boolean"
            | "Date" | "DateTime" | "Double" | "Duration" | "Float" | "Integer" | "Long"
            | "String" | "Time" | "CommandType" | "Unit" | "UnitAttribute" | "SemanticType"
            | "SemanticUnit" | "CommandPayload" | "LatentType" | "NamedLatentType"
            | "AdjunctType" | "Alias" => return Some(Err(())),
            _ => return None,
        };
        Some(Ok(c))
    }

    /// The DTDL name of the class.
    pub fn name(self) -> &'static str {
        use Class::*;
        match self {
            Interface => "Interface",
            Telemetry => "Telemetry",
            Property => "Property",
            Command => "Command",
            Relationship => "Relationship",
            Component => "Component",
            CommandPayload => "CommandPayload",
            CommandRequest => "CommandRequest",
            CommandResponse => "CommandResponse",
            Array => "Array",
            Enum => "Enum",
            EnumValue => "EnumValue",
            Map => "Map",
            MapKey => "MapKey",
            MapValue => "MapValue",
            Object => "Object",
            Field => "Field",
        }
    }

    /// True for classes that carry a required `name`.
    pub fn is_named(self) -> bool {
        use Class::*;
        !matches!(self, Interface | Array | Enum | Map | Object)
    }

    /// True for complex schema classes.
    pub fn is_complex_schema(self) -> bool {
        matches!(
            self,
            Class::Array | Class::Enum | Class::Map | Class::Object
        )
    }

    /// True for classes that accept semantic (quantitative) co-types.
    pub fn accepts_semantic(self, version: u8) -> bool {
        use Class::*;
        match self {
            Property | Telemetry | Relationship => true,
            Field | MapValue | CommandPayload | CommandRequest | CommandResponse => version >= 3,
            _ => false,
        }
    }
}

/// The class range of an element-valued property.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Range {
    Content,
    Interface,
    Schema,
    ComplexSchema,
    Payload,
    EnumValue,
    Field,
    MapKey,
    MapValue,
    Property,
}

impl Range {
    /// True when an element of class `c` fits this range.
    pub fn fits(self, c: Class) -> bool {
        use Class as C;
        match self {
            Range::Content => matches!(
                c,
                C::Telemetry | C::Property | C::Command | C::Relationship | C::Component
            ),
            Range::Interface => c == C::Interface,
            Range::Schema | Range::ComplexSchema => c.is_complex_schema(),
            Range::Payload => matches!(
                c,
                C::CommandPayload | C::CommandRequest | C::CommandResponse
            ),
            Range::EnumValue => c == C::EnumValue,
            Range::Field => c == C::Field,
            Range::MapKey => c == C::MapKey,
            Range::MapValue => c == C::MapValue,
            Range::Property => c == C::Property,
        }
    }

    /// Human description used in messages.
    pub fn describe(self) -> &'static str {
        match self {
            Range::Content => "Telemetry, Property, Command, Relationship or Component",
            Range::Interface => "Interface",
            Range::Schema => "schema (a primitive schema or an Array, Enum, Map or Object)",
            Range::ComplexSchema => "complex schema (Array, Enum, Map or Object)",
            Range::Payload => "command payload",
            Range::EnumValue => "EnumValue",
            Range::Field => "Field",
            Range::MapKey => "MapKey",
            Range::MapValue => "MapValue",
            Range::Property => "Property",
        }
    }
}

/// A DTDL property (the JSON key of an element).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Prop {
    Contents,
    Extends,
    Schemas,
    DisplayName,
    Description,
    Comment,
    LanguageMajorVersion,
    Name,
    Schema,
    Writable,
    Request,
    Response,
    CommandType,
    MaxMultiplicity,
    MinMultiplicity,
    Target,
    Properties,
    ElementSchema,
    ValueSchema,
    EnumValues,
    EnumValue,
    MapKey,
    MapValue,
    Fields,
    Unit,
}

impl Prop {
    /// The property for a DTDL property name, if it is a core property.
    pub fn from_name(name: &str) -> Option<Prop> {
        use Prop::*;
        Some(match name {
            "contents" => Contents,
            "extends" => Extends,
            "schemas" => Schemas,
            "displayName" => DisplayName,
            "description" => Description,
            "comment" => Comment,
            "languageMajorVersion" => LanguageMajorVersion,
            "name" => Name,
            "schema" => Schema,
            "writable" => Writable,
            "request" => Request,
            "response" => Response,
            "commandType" => CommandType,
            "maxMultiplicity" => MaxMultiplicity,
            "minMultiplicity" => MinMultiplicity,
            "target" => Target,
            "properties" => Properties,
            "elementSchema" => ElementSchema,
            "valueSchema" => ValueSchema,
            "enumValues" => EnumValues,
            "enumValue" => EnumValue,
            "mapKey" => MapKey,
            "mapValue" => MapValue,
            "fields" => Fields,
            "unit" => Unit,
            _ => return None,
        })
    }

    /// The JSON key of the property.
    pub fn name(self) -> &'static str {
        use Prop::*;
        match self {
            Contents => "contents",
            Extends => "extends",
            Schemas => "schemas",
            DisplayName => "displayName",
            Description => "description",
            Comment => "comment",
            LanguageMajorVersion => "languageMajorVersion",
            Name => "name",
            Schema => "schema",
            Writable => "writable",
            Request => "request",
            Response => "response",
            CommandType => "commandType",
            MaxMultiplicity => "maxMultiplicity",
            MinMultiplicity => "minMultiplicity",
            Target => "target",
            Properties => "properties",
            ElementSchema => "elementSchema",
            ValueSchema => "valueSchema",
            EnumValues => "enumValues",
            EnumValue => "enumValue",
            MapKey => "mapKey",
            MapValue => "mapValue",
            Fields => "fields",
            Unit => "unit",
        }
    }
}

/// How a child element gets its automatic identifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Seg {
    /// singular property: `parent:_prop`
    Singular,
    /// plural property keyed by name: `parent:_prop:__name`
    Named,
    /// plural property without a key: the child needs an explicit `@id`
    Unnamed,
}

/// The kind of value a property takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// localizable string (language map)
    LangString {
        max_len: usize,
    },
    /// plain string literal
    Str {
        max_len: usize,
    },
    /// DTDL name
    Name {
        max_len: usize,
    },
    Bool,
    Int {
        min: i64,
        max: Option<i64>,
    },
    /// `enumValue`: integer or string per the Enum's valueSchema
    Literal,
    /// element-valued (inline object or DTMI reference)
    Obj {
        range: Range,
        seg: Seg,
        v2_in_v3: bool,
    },
    /// a term naming one of a fixed set of instances (e.g. `integer`, `string`)
    Term {
        allowed: &'static [&'static str],
        what: &'static str,
    },
    /// a DTMI that need not resolve (Relationship `target`)
    Target,
}

/// A property's kind and cardinality on a class.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PropSpec {
    pub kind: Kind,
    pub min: usize,
    pub max: Option<usize>,
}

const fn spec(kind: Kind, min: usize, max: Option<usize>) -> PropSpec {
    PropSpec { kind, min, max }
}

/// The specification of property `p` on class `c` in language `version`, if applicable.
pub(crate) fn prop_spec(c: Class, p: Prop, version: u8) -> Option<PropSpec> {
    use Class as C;
    use Prop as P;
    let v2 = version == 2;
    let lim = |n: usize| if v2 { Some(n) } else { None };
    let schema = spec(
        Kind::Obj {
            range: Range::Schema,
            seg: Seg::Singular,
            v2_in_v3: true,
        },
        1,
        Some(1),
    );
    match p {
        P::DisplayName => {
            let max_len = if v2 { 64 } else { 512 };
            return Some(spec(Kind::LangString { max_len }, 0, None));
        }
        P::Description => return Some(spec(Kind::LangString { max_len: 512 }, 0, None)),
        P::Comment => return Some(spec(Kind::Str { max_len: 512 }, 0, Some(1))),
        P::LanguageMajorVersion => {
            return Some(spec(Kind::Int { min: 0, max: None }, 0, Some(0)));
        }
        P::Name if c.is_named() => {
            let max_len = if v2 { 64 } else { 512 };
            return Some(spec(Kind::Name { max_len }, 1, Some(1)));
        }
        _ => {}
    }
    let obj = |range, seg, v2_in_v3| Kind::Obj {
        range,
        seg,
        v2_in_v3,
    };
    Some(match (c, p) {
        (C::Interface, P::Contents) => spec(obj(Range::Content, Seg::Named, true), 0, lim(300)),
        (C::Interface, P::Extends) => spec(obj(Range::Interface, Seg::Unnamed, true), 0, lim(2)),
        (C::Interface, P::Schemas) => spec(obj(Range::ComplexSchema, Seg::Unnamed, false), 0, None),
        (
            C::Telemetry
            | C::Property
            | C::Field
            | C::MapValue
            | C::CommandPayload
            | C::CommandRequest
            | C::CommandResponse,
            P::Schema,
        ) => schema,
        (C::Property | C::Relationship, P::Writable) => spec(Kind::Bool, 0, Some(1)),
        (C::Command, P::Request | P::Response) => {
            spec(obj(Range::Payload, Seg::Singular, false), 0, Some(1))
        }
        (C::Command, P::CommandType) => spec(
            Kind::Term {
                allowed: &["asynchronous", "synchronous"],
                what: "asynchronous or synchronous",
            },
            0,
            Some(1),
        ),
        (C::Relationship, P::MaxMultiplicity) => spec(
            Kind::Int {
                min: 1,
                max: if v2 { Some(500) } else { None },
            },
            0,
            Some(1),
        ),
        (C::Relationship, P::MinMultiplicity) => spec(
            Kind::Int {
                min: 0,
                max: Some(0),
            },
            0,
            Some(1),
        ),
        (C::Relationship, P::Target) => spec(Kind::Target, 0, Some(1)),
        (C::Relationship, P::Properties) => {
            spec(obj(Range::Property, Seg::Named, true), 0, lim(300))
        }
        (C::Component, P::Schema) => spec(obj(Range::Interface, Seg::Singular, true), 1, Some(1)),
        (C::Array, P::ElementSchema) => spec(obj(Range::Schema, Seg::Singular, true), 1, Some(1)),
        (C::Enum, P::ValueSchema) => spec(
            Kind::Term {
                allowed: &["integer", "string"],
                what: "integer or string",
            },
            1,
            Some(1),
        ),
        (C::Enum, P::EnumValues) => spec(
            obj(Range::EnumValue, Seg::Named, false),
            if v2 { 1 } else { 0 },
            lim(100),
        ),
        (C::EnumValue, P::EnumValue) => spec(Kind::Literal, 1, Some(1)),
        (C::Map, P::MapKey) => spec(obj(Range::MapKey, Seg::Singular, false), 1, Some(1)),
        (C::Map, P::MapValue) => spec(obj(Range::MapValue, Seg::Singular, false), 1, Some(1)),
        (C::MapKey, P::Schema) => spec(
            Kind::Term {
                allowed: &["string"],
                what: "string",
            },
            1,
            Some(1),
        ),
        (C::Object, P::Fields) => spec(
            obj(Range::Field, Seg::Named, false),
            if v2 { 1 } else { 0 },
            lim(30),
        ),
        _ => return None,
    })
}

/// All properties, for required-property checks.
pub(crate) const ALL_PROPS: [Prop; 25] = [
    Prop::Contents,
    Prop::Extends,
    Prop::Schemas,
    Prop::DisplayName,
    Prop::Description,
    Prop::Comment,
    Prop::LanguageMajorVersion,
    Prop::Name,
    Prop::Schema,
    Prop::Writable,
    Prop::Request,
    Prop::Response,
    Prop::CommandType,
    Prop::MaxMultiplicity,
    Prop::MinMultiplicity,
    Prop::Target,
    Prop::Properties,
    Prop::ElementSchema,
    Prop::ValueSchema,
    Prop::EnumValues,
    Prop::EnumValue,
    Prop::MapKey,
    Prop::MapValue,
    Prop::Fields,
    Prop::Unit,
];

/// The class an element gets when its `@type` is omitted where the type is inferable.
pub(crate) fn inferred_class(p: Prop, version: u8) -> Option<Class> {
    Some(match p {
        Prop::EnumValues => Class::EnumValue,
        Prop::Fields => Class::Field,
        Prop::MapKey => Class::MapKey,
        Prop::MapValue => Class::MapValue,
        Prop::Request if version == 2 => Class::CommandPayload,
        Prop::Response if version == 2 => Class::CommandPayload,
        Prop::Request => Class::CommandRequest,
        Prop::Response => Class::CommandResponse,
        _ => return None,
    })
}
