//! Generated term tables: the JSON-LD contexts of DTDL v2/v3 and their extensions, and the
//! semantic-type to unit tables, derived from the official context and metamodel files.
//! Each group is an IRI pattern (`{}` = the term) and the terms that expand through it.

/// A context as `(iri pattern, terms)` groups; `{}` in the pattern is replaced by the term.
pub(crate) type TermTable = &'static [(&'static str, &'static str)];

pub(crate) const V2_TERMS: TermTable = &[
    (
        "dtmi:dtdl:class:{};2",
        "Array Boolean ComplexSchema Command CommandPayload CommandType Component Content Date \
          DateTime Double Duration Entity Enum EnumValue Field Float Integer Interface Long Map \
          MapKey MapValue NamedEntity NumericSchema Object PrimitiveSchema Property \
          Relationship Schema SchemaField SemanticType SemanticUnit String Telemetry \
          TemporalSchema Time Unit UnitAttribute",
    ),
    (
        "dtmi:standard:class:{};2",
        "RatioUnit DecimalUnit DecimalPrefix BinaryUnit BinaryPrefix QuantitativeType \
          Acceleration Angle AngularAcceleration AngularVelocity Area Capacitance Current \
          DataRate DataSize Density Distance ElectricCharge Energy Force Frequency Humidity \
          Illuminance Inductance Latitude Longitude Length Luminance Luminosity LuminousFlux \
          LuminousIntensity MagneticFlux MagneticInduction Mass MassFlowRate Power Pressure \
          RelativeHumidity Resistance SoundPressure Temperature Thrust TimeSpan Torque Velocity \
          Voltage Volume VolumeFlowRate AccelerationUnit AngleUnit AngularAccelerationUnit \
          AngularVelocityUnit AreaUnit CapacitanceUnit ChargeUnit CurrentUnit DataRateUnit \
          DataSizeUnit DensityUnit EnergyUnit ForceUnit FrequencyUnit IlluminanceUnit \
          InductanceUnit LengthUnit LuminanceUnit LuminousFluxUnit LuminousIntensityUnit \
          MagneticFluxUnit MagneticInductionUnit MassUnit MassFlowRateUnit PowerUnit \
          PressureUnit ResistanceUnit SoundPressureUnit TemperatureUnit TimeUnit TorqueUnit \
          Unitless VelocityUnit VoltageUnit VolumeUnit VolumeFlowRateUnit",
    ),
    (
        "dtmi:dtdl:property:{};2",
        "baseUnit bottomUnit commandType comment contents description displayName elementSchema \
          enumValue enumValues exponent extends fields languageMajorVersion mapKey mapValue \
          maxMultiplicity minMultiplicity name prefix properties request response schema \
          schemas symbol target topUnit unit valueSchema writable",
    ),
    (
        "dtmi:dtdl:instance:CommandType:{};2",
        "asynchronous synchronous",
    ),
    (
        "dtmi:dtdl:instance:Schema:{};2",
        "boolean date dateTime double duration float integer long string time",
    ),
    (
        "dtmi:standard:unitprefix:{};2",
        "deci centi milli micro nano pico femto atto zepto yocto deka hecto kilo mega giga tera \
          peta exa zetta yotta kibi mebi gibi tebi pebi exbi zebi yobi",
    ),
    (
        "dtmi:standard:unit:{};2",
        "metrePerSecondSquared centimetrePerSecondSquared gForce radian degreeOfArc minuteOfArc \
          secondOfArc turn radianPerSecondSquared radianPerSecond degreePerSecond \
          revolutionPerSecond revolutionPerMinute squareMetre squareCentimetre squareMillimetre \
          squareKilometre hectare squareFoot squareInch acre farad millifarad microfarad \
          nanofarad picofarad coulomb ampere microampere milliampere bitPerSecond \
          kibibitPerSecond mebibitPerSecond gibibitPerSecond tebibitPerSecond exbibitPerSecond \
          zebibitPerSecond yobibitPerSecond bytePerSecond kibibytePerSecond mebibytePerSecond \
          gibibytePerSecond tebibytePerSecond exbibytePerSecond zebibytePerSecond \
          yobibytePerSecond bit kibibit mebibit gibibit tebibit exbibit zebibit yobibit byte \
          kibibyte mebibyte gibibyte tebibyte exbibyte zebibyte yobibyte kilogramPerCubicMetre \
          gramPerCubicMetre joule kilojoule megajoule gigajoule electronvolt megaelectronvolt \
          kilowattHour newton pound ounce ton hertz kilohertz megahertz gigahertz lux \
          footcandle henry millihenry microhenry metre centimetre millimetre micrometre \
          nanometre kilometre foot inch mile nauticalMile astronomicalUnit \
          candelaPerSquareMetre lumen candela weber maxwell tesla kilogram gram milligram \
          microgram tonne slug gramPerSecond kilogramPerSecond gramPerHour kilogramPerHour watt \
          microwatt milliwatt kilowatt megawatt gigawatt horsepower kilowattHourPerYear pascal \
          kilopascal bar millibar millimetresOfMercury poundPerSquareInch inchesOfMercury \
          inchesOfWater ohm milliohm kiloohm megaohm decibel bel kelvin degreeCelsius \
          degreeFahrenheit second millisecond microsecond nanosecond minute hour day year unity \
          percent newtonMetre metrePerSecond centimetrePerSecond kilometrePerSecond \
          metrePerHour kilometrePerHour milePerHour milePerSecond knot volt millivolt microvolt \
          kilovolt megavolt cubicMetre cubicCentimetre litre millilitre cubicFoot cubicInch \
          fluidOunce gallon litrePerSecond millilitrePerSecond litrePerHour millilitrePerHour",
    ),
    (
        "dtmi:standard:schema:geospatial:{};2",
        "point multiPoint lineString multiLineString polygon multiPolygon",
    ),
];

pub(crate) const V3_TERMS: TermTable = &[
    ("dtmi:dtdl:meta:{};3", "DtdlExtension metamodel model"),
    (
        "dtmi:dtdl:class:{};3",
        "AdjunctType Alias Array Boolean ComplexSchema Command CommandPayload CommandRequest \
          CommandResponse CommandType Component Content Date DateTime Double Duration Entity \
          Enum EnumValue Field Float Integer Interface LatentType Long Map MapKey MapValue \
          NamedEntity NamedLatentType NumericSchema Object PrimitiveSchema Property \
          Relationship Schema SchemaField SemanticType SemanticUnit String Telemetry \
          TemporalSchema Time Unit UnitAttribute",
    ),
    (
        "dtmi:dtdl:property:{};3",
        "aliasFor commandType comment contents description displayName elementSchema enumValue \
          enumValues exponent extends fields languageMajorVersion mapKey mapValue \
          maxMultiplicity minMultiplicity name properties request response schema schemas \
          symbol target valueSchema writable",
    ),
    (
        "dtmi:dtdl:instance:CommandType:{};3",
        "asynchronous synchronous",
    ),
    (
        "dtmi:dtdl:instance:Schema:{};3",
        "boolean date dateTime double duration float integer long string time",
    ),
    (
        "dtmi:standard:schema:geospatial:{};3",
        "point multiPoint lineString multiLineString polygon multiPolygon",
    ),
];

pub(crate) const IOTCENTRAL_TERMS: TermTable = &[
    (
        "dtmi:iotcentral:class:{};2",
        "State Event Location VelocityVector AccelerationVector",
    ),
    ("dtmi:iotcentral:schema:{};2", "vector geopoint"),
];

pub(crate) const QT_TERMS: TermTable = &[
    (
        "dtmi:dtdl:extension:quantitativeTypes:v1:class:{}",
        "RatioUnit UnitPrefix DecimalUnit BinaryUnit SymbolicUnit QuantitativeType Acceleration \
          Angle AngularAcceleration AngularVelocity ApparentEnergy ApparentPower Area \
          Capacitance Concentration Current DataRate DataSize Density Distance ElectricCharge \
          Energy EnergyRate Force Frequency Humidity Illuminance Inductance \
          IonizingRadiationDose Irradiance Latitude Longitude Length Luminance Luminosity \
          LuminousFlux LuminousIntensity MagneticFlux MagneticInduction Mass MassFlowRate Power \
          Pressure Radioactivity ReactiveEnergy ReactivePower RelativeDensity RelativeHumidity \
          Resistance SoundPressure Temperature Thrust TimeSpan Torque Velocity Voltage Volume \
          VolumeFlowRate",
    ),
    (
        "dtmi:dtdl:extension:quantitativeTypes:v1:enum:{}",
        "DecimalPrefix BinaryPrefix AccelerationUnit AngleUnit AngularAccelerationUnit \
          AngularVelocityUnit ApparentEnergyUnit ApparentPowerUnit AreaUnit CapacitanceUnit \
          ChargeUnit CurrentUnit DataRateUnit DataSizeUnit DensityUnit EnergyUnit ForceUnit \
          FrequencyUnit IlluminanceUnit InductanceUnit IonizingRadiationDoseUnit IrradianceUnit \
          LengthUnit LuminanceUnit LuminousFluxUnit LuminousIntensityUnit MagneticFluxUnit \
          MagneticInductionUnit MassUnit MassFlowRateUnit PowerUnit PressureUnit \
          RadioactivityUnit ReactiveEnergyUnit ReactivePowerUnit ResistanceUnit \
          SoundPressureUnit TemperatureUnit TimeUnit TorqueUnit Unitless VelocityUnit \
          VoltageUnit VolumeUnit VolumeFlowRateUnit",
    ),
    (
        "dtmi:dtdl:extension:quantitativeTypes:v1:enum:PowerUnit",
        "EnergyRateUnit",
    ),
    (
        "dtmi:dtdl:extension:quantitativeTypes:v1:property:{}",
        "unit topUnit bottomUnit baseUnit prefix",
    ),
    (
        "dtmi:dtdl:extension:quantitativeTypes:v1:unitprefix:{}",
        "deci centi milli micro nano pico femto atto zepto yocto deca hecto kilo mega giga tera \
          peta exa zetta yotta kibi mebi gibi tebi pebi exbi zebi yobi",
    ),
    (
        "dtmi:dtdl:extension:quantitativeTypes:v1:unit:{}",
        "metrePerSecondSquared centimetrePerSecondSquared gForce radian degreeOfArc minuteOfArc \
          secondOfArc turn radianPerSecondSquared radianPerSecond degreePerSecond \
          revolutionPerSecond revolutionPerMinute voltAmpereHour kilovoltAmpereHour \
          megavoltAmpereHour gigavoltAmpereHour voltAmpere millivoltAmpere kilovoltAmpere \
          megavoltAmpere gigavoltAmpere squareMetre squareCentimetre squareMillimetre \
          squareKilometre hectare squareFoot squareInch acre farad millifarad microfarad \
          nanofarad picofarad coulomb ampereHour milliampereHour ampere microampere milliampere \
          kiloampere bitPerSecond kibibitPerSecond mebibitPerSecond gibibitPerSecond \
          tebibitPerSecond exbibitPerSecond zebibitPerSecond yobibitPerSecond bytePerSecond \
          kibibytePerSecond mebibytePerSecond gibibytePerSecond tebibytePerSecond \
          exbibytePerSecond zebibytePerSecond yobibytePerSecond bit kibibit mebibit gibibit \
          tebibit exbibit zebibit yobibit byte kibibyte mebibyte gibibyte tebibyte exbibyte \
          zebibyte yobibyte kilogramPerCubicMetre gramPerCubicMetre milligramPerCubicMetre \
          microgramPerCubicMetre joule kilojoule megajoule gigajoule electronvolt \
          megaelectronvolt wattHour milliwattHour kilowattHour megawattHour gigawattHour \
          terawattHour britishThermalUnit kiloBritishThermalUnit joulePerSecond \
          kilojoulePerSecond joulePerHour kilojoulePerHour megajoulePerHour gigajoulePerHour \
          britishThermalUnitPerHour kiloBritishThermalUnitPerHour newton pound ounce ton hertz \
          millihertz kilohertz megahertz gigahertz lux footcandle henry millihenry microhenry \
          gray milligray microgray sievert millisievert microsievert wattPerSquareMetre metre \
          centimetre millimetre micrometre nanometre kilometre foot inch mile nauticalMile \
          astronomicalUnit candelaPerSquareMetre lumen candela weber maxwell tesla gauss \
          kilogram gram milligram microgram tonne slug massPound gramPerSecond \
          kilogramPerSecond gramPerHour kilogramPerHour massPoundPerHour watt microwatt \
          milliwatt kilowatt megawatt gigawatt horsepower kilowattHourPerYear \
          tonOfRefrigeration pascal decapascal hectopascal kilopascal bar millibar \
          millimetresOfMercury poundPerSquareInch inchesOfMercury inchesOfWater becquerel \
          kilobecquerel megabecquerel gigabecquerel voltAmpereReactiveHour \
          kilovoltAmpereReactiveHour megavoltAmpereReactiveHour gigavoltAmpereReactiveHour \
          voltAmpereReactive millivoltAmpereReactive kilovoltAmpereReactive \
          megavoltAmpereReactive gigavoltAmpereReactive ohm milliohm kiloohm megaohm decibel \
          bel kelvin degreeCelsius degreeFahrenheit second millisecond microsecond nanosecond \
          minute hour day year unity percent partsPerMillion partsPerBillion partsPerTrillion \
          partsPerQuadrillion newtonMetre metrePerSecond centimetrePerSecond kilometrePerSecond \
          metrePerHour kilometrePerHour milePerHour milePerSecond knot volt millivolt microvolt \
          kilovolt megavolt cubicMetre cubicCentimetre litre millilitre cubicFoot cubicInch \
          fluidOunce gallon litrePerSecond millilitrePerSecond litrePerMinute \
          millilitrePerMinute litrePerHour millilitrePerHour gallonPerMinute gallonPerHour \
          cubicFootPerMinute cubicMetrePerHour cubicMetrePerMinute cubicMetrePerSecond",
    ),
];

pub(crate) const HISTORIZATION_TERMS: TermTable =
    &[("dtmi:dtdl:extension:historization:v1:{}", "Historized")];

pub(crate) const ANNOTATION_TERMS: TermTable = &[
    ("dtmi:dtdl:extension:annotation:v1:{}", "ValueAnnotation"),
    (
        "dtmi:dtdl:extension:annotation:v1:ValueAnnotation:{}",
        "annotates",
    ),
];

pub(crate) const OVERRIDING_TERMS: TermTable = &[
    ("dtmi:dtdl:extension:overriding:v1:{}", "Override"),
    ("dtmi:dtdl:extension:overriding:v1:Override:{}", "overrides"),
];

pub(crate) const MQTT_TERMS: TermTable = &[
    (
        "dtmi:dtdl:extension:mqtt:v1:{}",
        "Mqtt Idempotent Cacheable Indexed",
    ),
    (
        "dtmi:dtdl:extension:mqtt:v1:Mqtt:{}",
        "telemetryTopic commandTopic payloadFormat",
    ),
    ("dtmi:dtdl:extension:mqtt:v1:Cacheable:{}", "ttl"),
    ("dtmi:dtdl:extension:mqtt:v1:Indexed:{}", "index"),
];

/// DTDL v2 semantic types: `(semantic type, unit type, units)`.
pub(crate) const V2_SEMANTIC: &[(&str, &str, &str)] = &[
    (
        "Acceleration",
        "AccelerationUnit",
        "centimetrePerSecondSquared gForce metrePerSecondSquared",
    ),
    (
        "Angle",
        "AngleUnit",
        "degreeOfArc minuteOfArc radian secondOfArc turn",
    ),
    (
        "AngularAcceleration",
        "AngularAccelerationUnit",
        "radianPerSecondSquared",
    ),
    (
        "AngularVelocity",
        "AngularVelocityUnit",
        "degreePerSecond radianPerSecond revolutionPerMinute revolutionPerSecond",
    ),
    (
        "Area",
        "AreaUnit",
        "acre hectare squareCentimetre squareFoot squareInch squareKilometre squareMetre \
          squareMillimetre",
    ),
    (
        "Capacitance",
        "CapacitanceUnit",
        "farad microfarad millifarad nanofarad picofarad",
    ),
    ("Current", "CurrentUnit", "ampere microampere milliampere"),
    (
        "DataRate",
        "DataRateUnit",
        "bitPerSecond bytePerSecond exbibitPerSecond exbibytePerSecond gibibitPerSecond \
          gibibytePerSecond kibibitPerSecond kibibytePerSecond mebibitPerSecond \
          mebibytePerSecond tebibitPerSecond tebibytePerSecond yobibitPerSecond \
          yobibytePerSecond zebibitPerSecond zebibytePerSecond",
    ),
    (
        "DataSize",
        "DataSizeUnit",
        "bit byte exbibit exbibyte gibibit gibibyte kibibit kibibyte mebibit mebibyte tebibit \
          tebibyte yobibit yobibyte zebibit zebibyte",
    ),
    (
        "Density",
        "DensityUnit",
        "gramPerCubicMetre kilogramPerCubicMetre",
    ),
    (
        "Distance",
        "LengthUnit",
        "astronomicalUnit centimetre foot inch kilometre metre micrometre mile millimetre \
          nanometre nauticalMile",
    ),
    ("ElectricCharge", "ChargeUnit", "coulomb"),
    (
        "Energy",
        "EnergyUnit",
        "electronvolt gigajoule joule kilojoule kilowattHour megaelectronvolt megajoule",
    ),
    ("Force", "ForceUnit", "newton ounce pound ton"),
    (
        "Frequency",
        "FrequencyUnit",
        "gigahertz hertz kilohertz megahertz",
    ),
    (
        "Humidity",
        "DensityUnit",
        "gramPerCubicMetre kilogramPerCubicMetre",
    ),
    ("Illuminance", "IlluminanceUnit", "footcandle lux"),
    (
        "Inductance",
        "InductanceUnit",
        "henry microhenry millihenry",
    ),
    (
        "Latitude",
        "AngleUnit",
        "degreeOfArc minuteOfArc radian secondOfArc turn",
    ),
    (
        "Length",
        "LengthUnit",
        "astronomicalUnit centimetre foot inch kilometre metre micrometre mile millimetre \
          nanometre nauticalMile",
    ),
    (
        "Longitude",
        "AngleUnit",
        "degreeOfArc minuteOfArc radian secondOfArc turn",
    ),
    ("Luminance", "LuminanceUnit", "candelaPerSquareMetre"),
    (
        "Luminosity",
        "PowerUnit",
        "gigawatt horsepower kilowatt kilowattHourPerYear megawatt microwatt milliwatt watt",
    ),
    ("LuminousFlux", "LuminousFluxUnit", "lumen"),
    ("LuminousIntensity", "LuminousIntensityUnit", "candela"),
    ("MagneticFlux", "MagneticFluxUnit", "maxwell weber"),
    ("MagneticInduction", "MagneticInductionUnit", "tesla"),
    (
        "Mass",
        "MassUnit",
        "gram kilogram microgram milligram slug tonne",
    ),
    (
        "MassFlowRate",
        "MassFlowRateUnit",
        "gramPerHour gramPerSecond kilogramPerHour kilogramPerSecond",
    ),
    (
        "Power",
        "PowerUnit",
        "gigawatt horsepower kilowatt kilowattHourPerYear megawatt microwatt milliwatt watt",
    ),
    (
        "Pressure",
        "PressureUnit",
        "bar inchesOfMercury inchesOfWater kilopascal millibar millimetresOfMercury pascal \
          poundPerSquareInch",
    ),
    ("RelativeHumidity", "Unitless", "percent unity"),
    (
        "Resistance",
        "ResistanceUnit",
        "kiloohm megaohm milliohm ohm",
    ),
    ("SoundPressure", "SoundPressureUnit", "bel decibel"),
    (
        "Temperature",
        "TemperatureUnit",
        "degreeCelsius degreeFahrenheit kelvin",
    ),
    ("Thrust", "ForceUnit", "newton ounce pound ton"),
    (
        "TimeSpan",
        "TimeUnit",
        "day hour microsecond millisecond minute nanosecond second year",
    ),
    ("Torque", "TorqueUnit", "newtonMetre"),
    (
        "Velocity",
        "VelocityUnit",
        "centimetrePerSecond kilometrePerHour kilometrePerSecond knot metrePerHour \
          metrePerSecond milePerHour milePerSecond",
    ),
    (
        "Voltage",
        "VoltageUnit",
        "kilovolt megavolt microvolt millivolt volt",
    ),
    (
        "Volume",
        "VolumeUnit",
        "cubicCentimetre cubicFoot cubicInch cubicMetre fluidOunce gallon litre millilitre",
    ),
    (
        "VolumeFlowRate",
        "VolumeFlowRateUnit",
        "litrePerHour litrePerSecond millilitrePerHour millilitrePerSecond",
    ),
];

/// QuantitativeTypes v1 semantic types: `(semantic type, unit enum, units)`.
pub(crate) const QT_SEMANTIC: &[(&str, &str, &str)] = &[
    (
        "Acceleration",
        "AccelerationUnit",
        "metrePerSecondSquared centimetrePerSecondSquared gForce",
    ),
    (
        "Angle",
        "AngleUnit",
        "radian degreeOfArc minuteOfArc secondOfArc turn",
    ),
    (
        "AngularAcceleration",
        "AngularAccelerationUnit",
        "radianPerSecondSquared",
    ),
    (
        "AngularVelocity",
        "AngularVelocityUnit",
        "radianPerSecond degreePerSecond revolutionPerSecond revolutionPerMinute",
    ),
    (
        "ApparentEnergy",
        "ApparentEnergyUnit",
        "voltAmpereHour kilovoltAmpereHour megavoltAmpereHour gigavoltAmpereHour",
    ),
    (
        "ApparentPower",
        "ApparentPowerUnit",
        "voltAmpere millivoltAmpere kilovoltAmpere megavoltAmpere gigavoltAmpere",
    ),
    (
        "Area",
        "AreaUnit",
        "squareMetre squareCentimetre squareMillimetre squareKilometre hectare squareFoot \
          squareInch acre",
    ),
    (
        "Capacitance",
        "CapacitanceUnit",
        "farad millifarad microfarad nanofarad picofarad",
    ),
    (
        "Concentration",
        "Unitless",
        "unity percent partsPerMillion partsPerBillion partsPerTrillion partsPerQuadrillion",
    ),
    (
        "Current",
        "CurrentUnit",
        "ampere microampere milliampere kiloampere",
    ),
    (
        "DataRate",
        "DataRateUnit",
        "bitPerSecond kibibitPerSecond mebibitPerSecond gibibitPerSecond tebibitPerSecond \
          exbibitPerSecond zebibitPerSecond yobibitPerSecond bytePerSecond kibibytePerSecond \
          mebibytePerSecond gibibytePerSecond tebibytePerSecond exbibytePerSecond \
          zebibytePerSecond yobibytePerSecond",
    ),
    (
        "DataSize",
        "DataSizeUnit",
        "bit kibibit mebibit gibibit tebibit exbibit zebibit yobibit byte kibibyte mebibyte \
          gibibyte tebibyte exbibyte zebibyte yobibyte",
    ),
    (
        "Density",
        "DensityUnit",
        "kilogramPerCubicMetre gramPerCubicMetre milligramPerCubicMetre microgramPerCubicMetre",
    ),
    (
        "Distance",
        "LengthUnit",
        "metre centimetre millimetre micrometre nanometre kilometre foot inch mile nauticalMile \
          astronomicalUnit",
    ),
    (
        "ElectricCharge",
        "ChargeUnit",
        "coulomb ampereHour milliampereHour",
    ),
    (
        "Energy",
        "EnergyUnit",
        "joule kilojoule megajoule gigajoule electronvolt megaelectronvolt wattHour \
          milliwattHour kilowattHour megawattHour gigawattHour terawattHour britishThermalUnit \
          kiloBritishThermalUnit",
    ),
    (
        "EnergyRate",
        "PowerUnit",
        "watt microwatt milliwatt kilowatt megawatt gigawatt horsepower joulePerSecond \
          kilojoulePerSecond joulePerHour kilojoulePerHour megajoulePerHour gigajoulePerHour \
          britishThermalUnitPerHour kiloBritishThermalUnitPerHour kilowattHourPerYear \
          tonOfRefrigeration",
    ),
    ("Force", "ForceUnit", "newton pound ounce ton"),
    (
        "Frequency",
        "FrequencyUnit",
        "hertz millihertz kilohertz megahertz gigahertz",
    ),
    (
        "Humidity",
        "DensityUnit",
        "kilogramPerCubicMetre gramPerCubicMetre milligramPerCubicMetre microgramPerCubicMetre",
    ),
    ("Illuminance", "IlluminanceUnit", "lux footcandle"),
    (
        "Inductance",
        "InductanceUnit",
        "henry millihenry microhenry",
    ),
    (
        "IonizingRadiationDose",
        "IonizingRadiationDoseUnit",
        "gray milligray microgray sievert millisievert microsievert",
    ),
    ("Irradiance", "IrradianceUnit", "wattPerSquareMetre"),
    (
        "Latitude",
        "AngleUnit",
        "radian degreeOfArc minuteOfArc secondOfArc turn",
    ),
    (
        "Longitude",
        "AngleUnit",
        "radian degreeOfArc minuteOfArc secondOfArc turn",
    ),
    (
        "Length",
        "LengthUnit",
        "metre centimetre millimetre micrometre nanometre kilometre foot inch mile nauticalMile \
          astronomicalUnit",
    ),
    ("Luminance", "LuminanceUnit", "candelaPerSquareMetre"),
    (
        "Luminosity",
        "PowerUnit",
        "watt microwatt milliwatt kilowatt megawatt gigawatt horsepower joulePerSecond \
          kilojoulePerSecond joulePerHour kilojoulePerHour megajoulePerHour gigajoulePerHour \
          britishThermalUnitPerHour kiloBritishThermalUnitPerHour kilowattHourPerYear \
          tonOfRefrigeration",
    ),
    ("LuminousFlux", "LuminousFluxUnit", "lumen"),
    ("LuminousIntensity", "LuminousIntensityUnit", "candela"),
    ("MagneticFlux", "MagneticFluxUnit", "weber maxwell"),
    ("MagneticInduction", "MagneticInductionUnit", "tesla gauss"),
    (
        "Mass",
        "MassUnit",
        "kilogram gram milligram microgram tonne slug massPound",
    ),
    (
        "MassFlowRate",
        "MassFlowRateUnit",
        "gramPerSecond kilogramPerSecond gramPerHour kilogramPerHour massPoundPerHour",
    ),
    (
        "Power",
        "PowerUnit",
        "watt microwatt milliwatt kilowatt megawatt gigawatt horsepower joulePerSecond \
          kilojoulePerSecond joulePerHour kilojoulePerHour megajoulePerHour gigajoulePerHour \
          britishThermalUnitPerHour kiloBritishThermalUnitPerHour kilowattHourPerYear \
          tonOfRefrigeration",
    ),
    (
        "Pressure",
        "PressureUnit",
        "pascal decapascal hectopascal kilopascal bar millibar millimetresOfMercury \
          poundPerSquareInch inchesOfMercury inchesOfWater",
    ),
    (
        "Radioactivity",
        "RadioactivityUnit",
        "becquerel kilobecquerel megabecquerel gigabecquerel",
    ),
    (
        "ReactiveEnergy",
        "ReactiveEnergyUnit",
        "voltAmpereReactiveHour kilovoltAmpereReactiveHour megavoltAmpereReactiveHour \
          gigavoltAmpereReactiveHour",
    ),
    (
        "ReactivePower",
        "ReactivePowerUnit",
        "voltAmpereReactive millivoltAmpereReactive kilovoltAmpereReactive \
          megavoltAmpereReactive gigavoltAmpereReactive",
    ),
    (
        "RelativeDensity",
        "Unitless",
        "unity percent partsPerMillion partsPerBillion partsPerTrillion partsPerQuadrillion",
    ),
    (
        "RelativeHumidity",
        "Unitless",
        "unity percent partsPerMillion partsPerBillion partsPerTrillion partsPerQuadrillion",
    ),
    (
        "Resistance",
        "ResistanceUnit",
        "ohm milliohm kiloohm megaohm",
    ),
    ("SoundPressure", "SoundPressureUnit", "decibel bel"),
    (
        "Temperature",
        "TemperatureUnit",
        "kelvin degreeCelsius degreeFahrenheit",
    ),
    ("Thrust", "ForceUnit", "newton pound ounce ton"),
    (
        "TimeSpan",
        "TimeUnit",
        "second millisecond microsecond nanosecond minute hour day year",
    ),
    ("Torque", "TorqueUnit", "newtonMetre"),
    (
        "Velocity",
        "VelocityUnit",
        "metrePerSecond centimetrePerSecond kilometrePerSecond metrePerHour kilometrePerHour \
          milePerHour milePerSecond knot",
    ),
    (
        "Voltage",
        "VoltageUnit",
        "volt millivolt microvolt kilovolt megavolt",
    ),
    (
        "Volume",
        "VolumeUnit",
        "cubicMetre cubicCentimetre litre millilitre cubicFoot cubicInch fluidOunce gallon",
    ),
    (
        "VolumeFlowRate",
        "VolumeFlowRateUnit",
        "litrePerSecond millilitrePerSecond litrePerMinute millilitrePerMinute litrePerHour \
          millilitrePerHour gallonPerMinute gallonPerHour cubicFootPerMinute cubicMetrePerHour \
          cubicMetrePerMinute cubicMetrePerSecond",
    ),
];
